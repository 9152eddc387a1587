import Testing
import HTTPTypes
@testable import PorticoApp

@Suite struct SmokeTests {
    @Test func tenantSeesItselfThroughTheGateway() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let response = try await client.call(.get, "/v1/tenant", token: tenant.apiKey)
                #expect(response.status == .ok)
                #expect(response.json["slug"] as? String == tenant.slug)
                let anonymous = try await client.call(.get, "/v1/tenant")
                #expect(anonymous.status == .unauthorized)
                #expect(anonymous.code == "invalid_api_key")
            }
        }
    }
}

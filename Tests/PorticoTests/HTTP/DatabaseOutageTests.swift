import Foundation
import HTTPTypes
import HummingbirdTesting
import PorticoCore
@testable import PorticoStore
import Testing
@testable import PorticoApp

/// Without its database the server answers 503 `database_unavailable` with `Retry-After` (a
/// client should come back), not 500 and not a hang until the pool gives up.
@Suite struct DatabaseOutageTests {
    @Test func routesThatNeedTheDatabaseAnswer503WithRetryAfter() async throws {
        let closedPort = try FreePort.find()
        let nowhere = try DatabaseURL("postgres://portico@127.0.0.1:\(closedPort)/portico?sslmode=disable")
        try await TestDatabase.withRuntime(nowhere, overrides: ["database.connectionWaitMilliseconds": "500"]) { runtime in
            try await LiveServer.with(runtime) { client in
                let signup = try await client.call(.post, "/v1/signups", json: [
                    "organization": "Org", "slug": TestTenants.uniqueSlug("down"), "adminEmail": "a@b.example",
                ])
                let key = try await client.call(.get, "/v1/tenant", token: SecretToken.generate(.apiKey).value)
                let status = try await client.call(.get, "/v1/signups/\(TenantID.generate())")
                for response in [signup, key, status] {
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.code == "database_unavailable")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(Int(response.headers[HTTPField.Name("Retry-After")!] ?? "") ?? 0 >= 1)
                }
                #expect(try await client.call(.get, "/health/live").status == .ok)
            }
        }
    }

    @Test func connectionFailuresAreOutagesAndStatementFailuresAreNot() async throws {
        try await TestDatabase.withShared { runtime in
            do {
                try await runtime.database.query("SELECT * FROM no_such_table")
                Issue.record("the statement should have failed")
            } catch {
                #expect(!Database.isUnavailable(error), "a bad statement is not an outage")
            }
            #expect(Database.isUnavailable(ConnectionWaitTimedOut(waited: .seconds(1))))
        }
    }
}

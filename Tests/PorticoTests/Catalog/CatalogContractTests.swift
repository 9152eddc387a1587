import Foundation
import Testing
@testable import PorticoApp

/// Status codes and bodies as Backstage's OpenAPI document of the catalog gives them.
@Suite struct CatalogContractTests {
    @Test func byQueryHonoursOffset() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                func names(_ body: [String: Any]) -> [String] {
                    (body["items"] as? [[String: Any]] ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                }
                let base = "/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name"
                let page = try await client.call(.get, base + "&offset=1&limit=1", token: tenant.apiKey).json
                #expect(names(page) == ["payments"])
                #expect(page["totalItems"] as? Int == 3)
                let info = page["pageInfo"] as? [String: Any] ?? [:]
                let next = try #require(info["nextCursor"] as? String)
                let previous = try #require(info["prevCursor"] as? String, "rows were skipped before this page")
                #expect(names(try await client.call(.get, base + "&cursor=\(next)", token: tenant.apiKey).json) == ["payments-worker"])
                #expect(names(try await client.call(.get, base + "&cursor=\(previous)", token: tenant.apiKey).json) == ["ledger"])
                let past = try await client.call(.get, base + "&offset=3", token: tenant.apiKey).json
                #expect(names(past) == [])
                #expect(past["totalItems"] as? Int == 3)
                #expect(try await client.call(.get, base + "&offset=-1", token: tenant.apiKey).status == .badRequest)
            }
        }
    }

    @Test func refreshAnswers200() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                let refreshed = try await client.call(.post, "/api/catalog/refresh", token: tenant.apiKey,
                                                      json: ["entityRef": "component:default/payments"])
                #expect(refreshed.status == .ok)
            }
        }
    }

    @Test func validateEntityWantsBothEntityAndLocation() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let entity: [String: Any] = [
                    "apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": ["name": "checked"],
                    "spec": ["type": "service", "lifecycle": "production", "owner": "team-a"],
                ]
                let location = "url:https://example.com/catalog-info.yaml"
                for body in [["entity": entity], ["location": location], [:]] as [[String: Any]] {
                    let response = try await client.call(.post, "/api/catalog/validate-entity", token: tenant.apiKey, json: body)
                    #expect(response.status == .badRequest, "\(body.keys)")
                    let errors = try #require(response.json["errors"] as? [[String: Any]], "\(body.keys)")
                    #expect(!errors.isEmpty && errors.allSatisfy { $0["name"] is String && $0["message"] is String })
                }
                let valid = try await client.call(.post, "/api/catalog/validate-entity", token: tenant.apiKey,
                                                  json: ["entity": entity, "location": location])
                #expect(valid.status == .ok)
            }
        }
    }
}

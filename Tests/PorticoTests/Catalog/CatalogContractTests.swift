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

    @Test func validateEntityWantsAnEntityAndAURLLocation() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let entity: [String: Any] = [
                    "apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": ["name": "checked"],
                    "spec": ["type": "service", "lifecycle": "production", "owner": "team-a"],
                ]
                let location = "url:https://example.com/catalog-info.yaml"
                let refused: [[String: Any]] = [
                    ["entity": entity], ["location": location], [:], ["entity": entity, "location": "github:acme/repo"],
                    ["entity": entity, "location": "url:"], ["entity": entity, "location": 5],
                ]
                for body in refused {
                    let response = try await client.call(.post, "/api/catalog/validate-entity", token: tenant.apiKey, json: body)
                    #expect(response.status == .badRequest, "\(body)")
                    let errors = try #require(response.json["errors"] as? [[String: Any]], "\(body)")
                    #expect(!errors.isEmpty && errors.allSatisfy { $0["name"] is String && $0["message"] is String })
                }
                let valid = try await client.call(.post, "/api/catalog/validate-entity", token: tenant.apiKey,
                                                  json: ["entity": entity, "location": location])
                #expect(valid.status == .ok)
            }
        }
    }

    /// Backstage's `Location` schema allows id, type and target only; the refresh state has its own route.
    @Test func locationsHaveBackstagesShapeAndTheirStatusItsOwnRoute() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            let other = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let created = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey,
                                                    json: ["type": "url", "target": "https://example.com/catalog-info.yaml"])
                #expect(created.status == .created)
                let location = try #require(created.json["location"] as? [String: Any])
                #expect(Set(location.keys) == ["id", "type", "target"])
                let id = try #require(location["id"] as? String)
                let listed = try await client.call(.get, "/api/catalog/locations", token: tenant.apiKey).jsonArray ?? []
                #expect(listed.map { Set(($0["data"] as? [String: Any] ?? [:]).keys) } == [["id", "type", "target"]])
                #expect(Set(try await client.call(.get, "/api/catalog/locations/\(id)", token: tenant.apiKey).json.keys) == ["id", "type", "target"])

                let status = try await client.call(.get, "/api/catalog/locations/\(id)/status", token: tenant.apiKey)
                #expect(status.status == .ok)
                #expect(status.json["status"] as? String == "pending")
                #expect(status.json["failedRefreshes"] as? Int == 0)
                #expect(status.json["entityCount"] as? Int == 0)
                #expect((status.json["problems"] as? [Any])?.isEmpty == true)
                // Another tenant cannot read it, nor tell it from a location that does not exist.
                let foreign = try await client.call(.get, "/api/catalog/locations/\(id)/status", token: other.apiKey)
                let missing = try await client.call(.get, "/api/catalog/locations/\(UUID().uuidString)/status", token: other.apiKey)
                #expect(foreign.status == .notFound)
                #expect(missing.status == .notFound)
                #expect(foreign.json.keys.sorted() == missing.json.keys.sorted())
            }
        }
    }
}

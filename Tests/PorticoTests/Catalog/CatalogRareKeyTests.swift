import Foundation
import Testing
@testable import PorticoApp

/// A key few entities hold (a twentieth of the catalog at most, by the kept per-key counts) is
/// filtered by listing its holders first (`EntitySQL.rareKeys`); the answers must be those of the
/// usual form, keys under it included.
@Suite struct CatalogRareKeyTests {
    @Test func existenceOfAKeyFewEntitiesHoldFindsExactlyThem() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                var entities = (0..<40).map { component(String(format: "svc-%02d", $0), labels: ["tier": $0 % 2 == 0 ? "1" : "2"]) }
                entities[7]["metadata"] = ["name": "svc-07", "labels": ["tier": "2"], "annotations": ["example.com/rare": "yes"]]
                entities[30]["metadata"] = ["name": "svc-30", "labels": ["tier": "1"], "annotations": ["example.com/rare.sub": "yes"]]
                _ = try await client.call(.put, "/api/catalog/providers/rare/entities", token: tenant.apiKey, json: ["entities": entities])
                func names(_ filter: String) async throws -> (names: [String], total: Int?) {
                    let page = try await client.call(.get, "/api/catalog/entities/by-query?filter=\(filter)&fields=metadata.name&limit=30",
                                                     token: tenant.apiKey).json
                    let items = page["items"] as? [[String: Any]] ?? []
                    return (items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }, page["totalItems"] as? Int)
                }
                // Rare: the key itself, a key under it, none at all.
                #expect(try await names("metadata.annotations.example.com/rare").names == ["svc-07", "svc-30"])
                #expect(try await names("metadata.annotations.example.com/rare.sub").names == ["svc-30"])
                #expect(try await names("metadata.annotations.example.com/missing").names == [])
                #expect(try await names("metadata.annotations.example.com/rare,metadata.labels.tier=2").names == ["svc-07"])
                // Common: held by half the catalog, read as before.
                let common = try await names("metadata.labels.tier")
                #expect(common.names.count == 30 && common.total == 40)
                let facets = try await client.call(.get, "/api/catalog/entity-facets?facet=spec.owner&filter=metadata.annotations.example.com/rare",
                                                   token: tenant.apiKey).json["facets"] as? [String: [[String: Any]]]
                #expect(facets?["spec.owner"]?.first?["count"] as? Int == 2)
            }
        }
    }
}

import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Tenant B tries to see, filter, refresh, change or delete tenant A's catalog by every route and
/// every identifier it could learn or guess, and gets nothing.
@Suite struct CatalogIsolationTests {
    @Test func tenantsCannotReachEachOthersCatalog() async throws {
        try await TestDatabase.withShared { runtime in
            let a = try await TestTenants.create(runtime)
            let b = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: a.apiKey, provider: "shared-name")
                let payments = try await client.call(.get, "/api/catalog/entities/by-name/component/default/payments", token: a.apiKey).json
                let uid = try #require((payments["metadata"] as? [String: Any])?["uid"] as? String)

                #expect(try await client.entityNames("/api/catalog/entities", token: b.apiKey) == [])
                #expect(try await client.call(.get, "/api/catalog/entities/by-name/component/default/payments", token: b.apiKey).status == .notFound)
                #expect(try await client.call(.get, "/api/catalog/entities/by-uid/\(uid)", token: b.apiKey).status == .notFound)
                #expect(try await client.call(.delete, "/api/catalog/entities/by-uid/\(uid)", token: b.apiKey).status == .notFound)
                let refs = try await client.call(.post, "/api/catalog/entities/by-refs", token: b.apiKey,
                                                 json: ["entityRefs": ["component:default/payments"]])
                #expect((refs.json["items"] as? [Any])?.first is NSNull)
                let query = try await client.call(.get, "/api/catalog/entities/by-query?filter=metadata.uid=\(uid)", token: b.apiKey)
                #expect(query.json["totalItems"] as? Int == 0)
                let facets = try await client.call(.get, "/api/catalog/entity-facets?facet=kind", token: b.apiKey)
                #expect((facets.json["facets"] as? [String: [Any]])?["kind"]?.isEmpty == true)
                let text = try await client.call(.get, "/api/catalog/entities/by-query?fullTextFilterTerm=payments", token: b.apiKey)
                #expect(text.json["totalItems"] as? Int == 0)

                // The same provider name in B is B's own: replacing it with nothing leaves A alone.
                let emptied = try await client.call(.put, "/api/catalog/providers/shared-name/entities", token: b.apiKey, json: ["entities": []])
                #expect(emptied.json["removed"] as? Int == 0)
                let delta = try await client.call(.post, "/api/catalog/providers/shared-name/delta", token: b.apiKey,
                                                  json: ["removed": ["component:default/payments"]])
                #expect(delta.json["removed"] as? Int == 0)

                // A still has everything.
                let still = try await client.call(.get, "/api/catalog/entities/by-query?limit=1", token: a.apiKey)
                #expect(still.json["totalItems"] as? Int == CatalogFixture.entityCount)
                #expect(try await client.call(.get, "/api/catalog/entities/by-uid/\(uid)", token: a.apiKey).status == .ok)
            }
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Walking 10,000 entities by cursor while other entities come and go: every entity that exists
/// throughout the walk is seen exactly once, and `totalItems` tracks the live count.
@Suite struct CatalogPaginationTests {
    @Test func cursorWalkHasNoDuplicatesOrGapsUnderChurn() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let base = (0..<10_000).map { component(String(format: "svc-%05d", $0)) }
                // Ten providers of 1,000: the test client cuts a request at 20 s, and in a debug build beside the
                // whole suite on a busy CI host even a push of 5,000 has outlasted that.
                for chunk in 0..<10 {
                    let entities = Array(base[(chunk * 1_000)..<((chunk + 1) * 1_000)])
                    let pushed = try await client.call(.put, "/api/catalog/providers/base-\(chunk)/entities", token: tenant.apiKey, json: ["entities": entities])
                    #expect(pushed.json["added"] as? Int == 1_000)
                }

                let churn = Task {
                    // Another provider adds and removes entities whose names sort among the base set.
                    for round in 0..<20 {
                        let added = (0..<50).map { component(String(format: "svc-%05d-churn-%02d", $0 * 200, round)) }
                        let removed = round > 0 ? (0..<50).map { String(format: "component:default/svc-%05d-churn-%02d", $0 * 200, round - 1) } : []
                        _ = try await client.call(.post, "/api/catalog/providers/churn/delta", token: tenant.apiKey,
                                                  json: ["added": added, "removed": removed])
                    }
                }
                var seen: [String: Int] = [:]
                var totals: [Int] = []
                var path = "/api/catalog/entities/by-query?limit=500&fields=metadata.name"
                var pages = 0
                while pages < 100 {
                    let page = try await client.call(.get, path, token: tenant.apiKey)
                    #expect(page.status == .ok)
                    totals.append(page.json["totalItems"] as? Int ?? -1)
                    for item in page.json["items"] as? [[String: Any]] ?? [] {
                        let name = (item["metadata"] as? [String: Any])?["name"] as? String ?? "?"
                        seen[name, default: 0] += 1
                    }
                    pages += 1
                    guard let next = (page.json["pageInfo"] as? [String: Any])?["nextCursor"] as? String else { break }
                    path = "/api/catalog/entities/by-query?cursor=\(next)&limit=500&fields=metadata.name"
                }
                try await churn.value
                #expect(seen.values.allSatisfy { $0 == 1 }, "an entity was returned twice")
                for entity in base {
                    let name = (entity["metadata"] as! [String: Any])["name"] as! String
                    #expect(seen[name] == 1, "missed \(name)")
                }
                #expect(totals.allSatisfy { (10_000...10_050).contains($0) }, "totalItems out of range: \(Set(totals))")
                let final = try await client.call(.get, "/api/catalog/entities/by-query?limit=1", token: tenant.apiKey)
                #expect(final.json["totalItems"] as? Int == 10_050)
            }
        }
    }
    /// The older `GET /entities` pages with `limit` and the `after` cursor its `Link` header names.
    @Test func entitiesListFollowsTheLinkHeader() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let key = tenant.apiKey
                let entities = (0..<25).map { component(String(format: "svc-%02d", $0)) }
                _ = try await client.call(.put, "/api/catalog/providers/base/entities", token: key, json: ["entities": entities])
                var names: [String] = []
                var path: String? = "/api/catalog/entities?filter=kind=component&limit=10&fields=metadata.name&order=desc:metadata.name"
                var pages = 0
                while let current = path, pages < 10 {
                    let page = try await client.call(.get, current, token: key)
                    #expect(page.status == .ok)
                    names += (page.jsonArray ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                    path = page.headers[HTTPField.Name("Link")!].flatMap { link in
                        link.split(separator: ">").first.map { String($0.dropFirst()) }
                    }
                    pages += 1
                }
                #expect(pages == 3)
                #expect(names == (0..<25).reversed().map { String(format: "svc-%02d", $0) })
                let both = try await client.call(.get, "/api/catalog/entities?after=abc&offset=3", token: key)
                #expect(both.status == .badRequest)
                let bad = try await client.call(.get, "/api/catalog/entities?after=not-a-cursor", token: key)
                #expect(bad.status == .badRequest)
                #expect(bad.json["field"] as? String == "after")
            }
        }
    }
}

/// `GET /entities` without `limit` answers every entity, as Backstage's clients expect, streamed.
@Suite struct CatalogStreamedListTests {
    @Test func everyEntityIsStreamedInOrderWithoutDuplicates() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let names = (0..<2_500).map { String(format: "svc-%05d", $0) }
                let push = try await client.call(.put, "/api/catalog/providers/many/entities", token: tenant.apiKey,
                                                 json: ["entities": names.map { component($0) }])
                #expect(push.status == .ok)
                let all = try await client.call(.get, "/api/catalog/entities?fields=metadata.name", token: tenant.apiKey)
                #expect(all.status == .ok)
                #expect(all.headers[.contentLength] == nil, "streamed in chunks, not built whole")
                let items = try #require(try JSONSerialization.jsonObject(with: Data(buffer: all.body)) as? [[String: Any]])
                let streamed = items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                #expect(streamed == names)
                let skipped = try await client.call(.get, "/api/catalog/entities?fields=metadata.name&offset=1200", token: tenant.apiKey)
                let rest = try #require(try JSONSerialization.jsonObject(with: Data(buffer: skipped.body)) as? [[String: Any]])
                #expect(rest.count == 1_300)
                #expect((rest.first?["metadata"] as? [String: Any])?["name"] as? String == names[1_200])
            }
        }
    }
}

import Foundation
import PorticoCatalog
import Testing
@testable import PorticoApp

/// Several `orderField`s sort by each in turn, as Backstage does, and cursors walk such an order
/// both ways without duplicates or gaps.
@Suite struct CatalogMultiSortTests {
    static func component(_ name: String, _ type: String, _ lifecycle: String) -> [String: Any] {
        ["apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": ["name": name],
         "spec": ["type": type, "lifecycle": lifecycle, "owner": "team-a"]]
    }

    static var entities: [[String: Any]] {
        [component("a1", "service", "production"), component("a2", "service", "experimental"),
         component("b1", "website", "production"), component("b2", "website", "experimental"),
         component("c1", "service", "production"), component("c2", "library", "experimental")]
    }

    @Test func everyOrderFieldSortsInTurnAndCursorsFollow() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let pushed = try await client.call(.put, "/api/catalog/providers/sorted/entities", token: tenant.apiKey,
                                                   json: ["entities": Self.entities])
                #expect(pushed.status == .ok)
                func names(_ body: [String: Any]) -> [String] {
                    (body["items"] as? [[String: Any]] ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                }
                func page(_ query: String) async throws -> [String: Any] {
                    try await client.call(.get, "/api/catalog/entities/by-query?fields=metadata.name&\(query)", token: tenant.apiKey).json
                }
                /// Every page forwards from the first, then every page backwards from the last.
                func walk(_ query: String) async throws -> (forwards: [String], backwards: [String]) {
                    var forwards: [[String]] = []
                    var body = try await page(query + "&limit=2")
                    forwards.append(names(body))
                    while let next = (body["pageInfo"] as? [String: Any])?["nextCursor"] as? String {
                        body = try await page("cursor=\(next)&limit=2")
                        forwards.append(names(body))
                    }
                    var backwards: [[String]] = [names(body)]
                    while let previous = (body["pageInfo"] as? [String: Any])?["prevCursor"] as? String {
                        body = try await page("cursor=\(previous)&limit=2")
                        backwards.insert(names(body), at: 0)
                    }
                    return (forwards.flatMap { $0 }, backwards.flatMap { $0 })
                }

                // Mixed directions.
                let mixed = "orderField=spec.type,asc&orderField=metadata.name,desc"
                let expectedMixed = ["c2", "c1", "a2", "a1", "b2", "b1"]
                #expect(names(try await page(mixed)) == expectedMixed)
                let mixedWalk = try await walk(mixed)
                #expect(mixedWalk.forwards == expectedMixed)
                #expect(mixedWalk.backwards == expectedMixed)
                // One direction; a key without a column first.
                let same = "orderField=spec.lifecycle,desc&orderField=metadata.name,desc"
                let expectedSame = ["c1", "b1", "a1", "c2", "b2", "a2"]
                #expect(names(try await page(same)) == expectedSame)
                let sameWalk = try await walk(same)
                #expect(sameWalk.forwards == expectedSame)
                #expect(sameWalk.backwards == expectedSame)
                // Three keys, the last only breaking ties the first two leave.
                #expect(names(try await page("orderField=spec.lifecycle&orderField=spec.type,desc&orderField=metadata.name"))
                    == ["b2", "a2", "c2", "b1", "a1", "c1"])

                // The older list API's `order` takes several too.
                let listed = try await client.call(.get, "/api/catalog/entities?order=asc:spec.type&order=desc:metadata.name&fields=metadata.name",
                                                   token: tenant.apiKey)
                #expect(listed.jsonArray?.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String } == expectedMixed)

                let tooMany = (0...EntitySort.maximumKeys).map { _ in "orderField=metadata.name" }.joined(separator: "&")
                #expect(try await client.call(.get, "/api/catalog/entities/by-query?\(tooMany)", token: tenant.apiKey).status == .badRequest)
            }
        }
    }

    /// A cursor from before several keys existed (one `order`, one `sortValue`) still pages on.
    @Test func aCursorIssuedWithOneSortKeyStillWorks() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                let ledger = try await client.call(.get, "/api/catalog/entities/by-name/component/default/ledger", token: tenant.apiKey).json
                let uid = try #require((ledger["metadata"] as? [String: Any])?["uid"] as? String)
                let old: [String: Any] = [
                    "filter": ["anyOf": [[["key": "kind", "values": ["component"]]]]],
                    "order": ["field": "metadata.name", "descending": false],
                    "position": ["sortValue": "ledger", "uid": uid], "backwards": false, "totalItems": 3,
                ]
                let cursor = try JSONSerialization.data(withJSONObject: old).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                let page = try await client.call(.get, "/api/catalog/entities/by-query?fields=metadata.name&cursor=\(cursor)", token: tenant.apiKey)
                #expect(page.status == .ok)
                let names = (page.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                #expect(names == ["payments", "payments-worker"])
            }
        }
    }
}

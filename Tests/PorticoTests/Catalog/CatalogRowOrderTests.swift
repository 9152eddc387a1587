import Foundation
import Testing
@testable import PorticoApp

/// An order on a key without a column that every entity holds is read in the search index's order
/// (`EntitySQL+RowOrder`); its pages, both ways, must equal the sorted form's: by each entity's
/// smallest value of the key, then uid, as when some entity lacks the key and every match is sorted.
@Suite struct CatalogRowOrderTests {
    static func tagged(_ name: String, _ tags: [String]) -> [String: Any] {
        ["apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": ["name": name, "tags": tags],
         "spec": ["type": "service", "lifecycle": "production", "owner": "team-a"]]
    }

    static var entities: [[String: Any]] {
        [
            tagged("a", ["go", "java"]), tagged("b", ["java"]), tagged("c", ["go"]), tagged("d", ["rust", "c"]),
            tagged("e", ["java", "zig"]), tagged("f", ["c"]), tagged("g", ["python"]),
        ]
    }

    @Test func pagesInIndexOrderEqualTheSortedOrder() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let key = tenant.apiKey
                func page(_ query: String) async throws -> [String: Any] {
                    try await client.call(.get, "/api/catalog/entities/by-query?fields=metadata&\(query)", token: key).json
                }
                /// (name, uid) of every item.
                func items(_ body: [String: Any]) -> [(name: String, uid: String)] {
                    (body["items"] as? [[String: Any]] ?? []).compactMap {
                        guard let metadata = $0["metadata"] as? [String: Any], let name = metadata["name"] as? String,
                              let uid = metadata["uid"] as? String else { return nil }
                        return (name, uid)
                    }
                }
                /// Every page forwards from the first, then every page backwards from the last.
                func walk(_ order: String) async throws -> (forwards: [String], backwards: [String], total: Int?) {
                    var body = try await page("orderField=\(order)&limit=2")
                    let total = body["totalItems"] as? Int
                    var forwards = items(body).map(\.name)
                    while let next = (body["pageInfo"] as? [String: Any])?["nextCursor"] as? String {
                        body = try await page("cursor=\(next)&limit=2")
                        forwards += items(body).map(\.name)
                    }
                    var backwards = items(body).map(\.name)
                    while let previous = (body["pageInfo"] as? [String: Any])?["prevCursor"] as? String {
                        body = try await page("cursor=\(previous)&limit=2")
                        backwards = items(body).map(\.name) + backwards
                    }
                    return (forwards, backwards, total)
                }
                /// By smallest lowercased tag ("" without tags), then uid; descending flips both.
                func expected(_ entities: [[String: Any]], descending: Bool) async throws -> [String] {
                    let uids = Dictionary(uniqueKeysWithValues: items(try await page("limit=100")).map { ($0.name, $0.uid) })
                    let keyed = entities.map { entity -> (String, String, String) in
                        let metadata = entity["metadata"] as! [String: Any]
                        let name = metadata["name"] as! String
                        let tags = (metadata["tags"] as? [String] ?? []).map { $0.lowercased() }
                        return (tags.min() ?? "", uids[name] ?? "", name)
                    }
                    let sorted = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                    return descending ? sorted.reversed() : sorted
                }
                func check(_ entities: [[String: Any]]) async throws {
                    for descending in [false, true] {
                        let order = descending ? "metadata.tags,desc" : "metadata.tags,asc"
                        let walked = try await walk(order)
                        let wanted = try await expected(entities, descending: descending)
                        #expect(walked.forwards == wanted, "\(order)")
                        #expect(walked.backwards == wanted, "\(order)")
                        #expect(walked.total == entities.count)
                        let filtered = try await page("orderField=\(order)&filter=metadata.tags=java&limit=10")
                        #expect(items(filtered).map(\.name) == wanted.filter { ["a", "b", "e"].contains($0) }, "\(order) under a filter")
                    }
                }

                // Every entity tagged: read in index order.
                _ = try await client.call(.put, "/api/catalog/providers/tags/entities", token: key, json: ["entities": Self.entities])
                try await check(Self.entities)
                // One without tags: every match sorted, with the same answers.
                let all = Self.entities + [component("untagged")]
                _ = try await client.call(.put, "/api/catalog/providers/tags/entities", token: key, json: ["entities": all])
                try await check(all)
            }
        }
    }
}

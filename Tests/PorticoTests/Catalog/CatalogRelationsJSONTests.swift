import Foundation
import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoCatalog

/// Entities' relations are written by the reader from their rows (`EntityRelationsJSON`); every read
/// must give what PostgreSQL's `jsonb_agg` over both directions, ordered by type then target ref,
/// gave before: the same relations, in the same order, each once.
@Suite struct CatalogRelationsJSONTests {
    @Test func relationsAreOrderedByteByByteOnceEachAndEscaped() throws {
        var relations = EntityRelationsJSON()
        for (type, target) in [("ownedBy", "group:default/b"), ("dependsOn", "component:default/é"), ("ownedBy", "group:default/B"),
                               ("ownedBy", "group:default/b"), ("partOf", "system:default/\"quoted\"\\\n\u{1}")] {
            relations.append(type: type, targetRef: target)
        }
        #expect(relations.text == #"[{"type": "dependsOn", "targetRef": "component:default/é"}, "#
            + #"{"type": "ownedBy", "targetRef": "group:default/B"}, {"type": "ownedBy", "targetRef": "group:default/b"}, "#
            + #"{"type": "partOf", "targetRef": "system:default/\"quoted\"\\\n\u0001"}]"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(relations.text.utf8)) as? [[String: String]]
        #expect(parsed?.last?["targetRef"] == "system:default/\"quoted\"\\\n\u{1}")
        var normalisations = EntityRelationsJSON()
        normalisations.append(type: "ownedBy", targetRef: "group:default/e\u{301}")
        normalisations.append(type: "ownedBy", targetRef: "group:default/\u{E9}")
        #expect(normalisations.text == #"[{"type": "ownedBy", "targetRef": "group:default/e\#u{301}"}, {"type": "ownedBy", "targetRef": "group:default/\#u{E9}"}]"#)
        #expect(EntityRelationsJSON().text == "[]")
        #expect(EntityRelationsJSON.adding("[]", to: "{}") == #"{"relations": []}"#)
        #expect(EntityRelationsJSON.adding("[1]", to: #"{"kind": "A", "spec": {}}"#) == #"{"kind": "A", "spec": {}, "relations": [1]}"#)
    }

    @Test func everyReadGivesTheRelationsPostgreSQLAggregates() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                let expected = try await runtime.database.withTenantTransaction(tenant.id) { connection in
                    var byRef: [String: [[String: String]]] = [:]
                    for try await (ref, json) in try await connection.checkedQuery("""
                        SELECT e.ref, coalesce((SELECT jsonb_agg(jsonb_build_object('type', r.type, 'targetRef', r.target_ref) ORDER BY r.type, r.target_ref)
                            FROM (SELECT type, target_ref FROM relations WHERE source_key = e.ref
                                  UNION SELECT reverse_type, source_ref FROM relations WHERE target_key = e.ref) r), '[]'::jsonb)::text
                        FROM entities e
                        """, logger: runtime.logger).decode((String, String).self) {
                        byRef[ref] = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]
                    }
                    return byRef
                }
                #expect(expected.count > 10 && expected.values.contains { $0.count > 3 })
                func ref(_ entity: [String: Any]) -> String {
                    let metadata = entity["metadata"] as? [String: Any] ?? [:]
                    return "\((entity["kind"] as? String ?? "").lowercased()):\((metadata["namespace"] as? String ?? "default").lowercased())/"
                        + (metadata["name"] as? String ?? "").lowercased()
                }
                func relations(_ entity: [String: Any]) -> [[String: String]]? { entity["relations"] as? [[String: String]] }

                let page = try await client.call(.get, "/api/catalog/entities/by-query?limit=500", token: tenant.apiKey).json
                let items = page["items"] as? [[String: Any]] ?? []
                #expect(items.count == expected.count)
                for item in items { #expect(relations(item) == expected[ref(item)], "by-query \(ref(item))") }

                let selected = try await client.call(
                    .get, "/api/catalog/entities/by-query?limit=500&fields=relations,metadata.name,kind,metadata.namespace", token: tenant.apiKey).json
                for item in selected["items"] as? [[String: Any]] ?? [] {
                    #expect(relations(item) == expected[ref(item)], "fields \(ref(item))")
                    #expect(item["spec"] == nil)
                }
                let withoutRelations = try await client.call(.get, "/api/catalog/entities/by-query?limit=5&fields=kind", token: tenant.apiKey).json
                #expect((withoutRelations["items"] as? [[String: Any]] ?? []).allSatisfy { $0["relations"] == nil })

                let refs = Array(expected.keys.sorted().prefix(20))
                let byRefs = try await client.call(.post, "/api/catalog/entities/by-refs", token: tenant.apiKey, json: ["entityRefs": refs]).json
                let found = (byRefs["items"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
                #expect(found.count == refs.count)
                for item in found { #expect(relations(item) == expected[ref(item)], "by-refs \(ref(item))") }

                let first = try #require(items.first)
                let uid = try #require((first["metadata"] as? [String: Any])?["uid"] as? String)
                let byUID = try await client.call(.get, "/api/catalog/entities/by-uid/\(uid)", token: tenant.apiKey).json
                #expect(relations(byUID) == expected[ref(first)])
            }
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Backstage's catalog API semantics over real HTTP on a pushed fixture.
@Suite struct CatalogAPITests {
    @Test func relationsAreGeneratedInBothDirections() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let pushed = try await client.pushFixture(token: tenant.apiKey)
                #expect(pushed.status == .ok)
                #expect(pushed.json["added"] as? Int == CatalogFixture.entityCount)

                func relations(_ path: String) async throws -> Set<String> {
                    let entity = try await client.call(.get, "/api/catalog/entities/by-name/\(path)", token: tenant.apiKey).json
                    let list = entity["relations"] as? [[String: Any]] ?? []
                    return Set(list.map { "\($0["type"] as! String) \($0["targetRef"] as! String)" })
                }
                let payments = try await relations("component/default/payments")
                #expect(payments == [
                    "ownedBy group:default/team-a", "partOf system:default/billing", "providesApi api:default/payments-api",
                    "consumesApi api:default/ledger-api", "dependsOn resource:default/payments-db",
                    "hasSubcomponent component:default/payments-worker",
                ])
                #expect(try await relations("component/default/payments-worker") == [
                    "ownedBy group:default/team-a", "subcomponentOf component:default/payments", "dependencyOf component:default/ledger",
                ])
                #expect(try await relations("component/default/ledger") == [
                    "ownedBy user:default/jane", "providesApi api:default/ledger-api", "dependsOn component:default/payments-worker",
                ])
                #expect(try await relations("api/default/payments-api") == [
                    "ownedBy group:default/team-a", "partOf system:default/billing", "apiProvidedBy component:default/payments",
                ])
                #expect(try await relations("api/default/ledger-api") == [
                    "ownedBy group:default/team-b", "apiProvidedBy component:default/ledger", "apiConsumedBy component:default/payments",
                ])
                #expect(try await relations("system/default/billing") == [
                    "ownedBy group:default/team-a", "partOf domain:default/checkout", "hasPart component:default/payments",
                    "hasPart api:default/payments-api", "hasPart resource:default/payments-db",
                ])
                #expect(try await relations("domain/default/checkout") == [
                    "ownedBy group:default/leadership", "partOf domain:default/commerce", "hasPart system:default/billing",
                ])
                let teamA = try await relations("group/default/team-a")
                #expect(teamA.isSuperset(of: [
                    "childOf group:default/leadership", "parentOf group:default/leadership", "hasMember user:default/jane",
                    "ownerOf component:default/payments", "ownerOf template:default/new-service",
                ]) == false || teamA.contains("childOf group:default/leadership"))
                #expect(teamA.contains("childOf group:default/leadership"))
                #expect(teamA.contains("hasMember user:default/jane"))
                #expect(teamA.contains("ownerOf template:default/new-service"))
                #expect(try await relations("group/default/leadership").isSuperset(of: [
                    "parentOf group:default/team-a", "parentOf group:default/team-b", "ownerOf domain:default/commerce",
                ]))
                #expect(try await relations("user/default/jane") == [
                    "memberOf group:default/team-a", "memberOf group:default/team-b", "ownerOf component:default/ledger",
                ])
                #expect(try await relations("user/contractors/joe") == ["memberOf group:default/team-b"])
                #expect(try await relations("pipeline/default/deploy-payments") == [])
            }
        }
    }

    @Test func filtersBehaveAsBackstageDocumentsThem() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                let key = tenant.apiKey
                // Conditions in one filter are AND'ed.
                #expect(try await client.entityNames("/api/catalog/entities?filter=kind=component,spec.lifecycle=production", token: key)
                    == ["ledger", "payments"])
                // Separate filters are OR'ed.
                #expect(try await client.entityNames("/api/catalog/entities?filter=kind=user&filter=kind=domain", token: key)
                    == ["checkout", "commerce", "jane", "joe"])
                // Several values of one key within a filter are OR'ed; matching ignores case.
                #expect(try await client.entityNames("/api/catalog/entities?filter=KIND=API,spec.type=GRPC,spec.type=openapi", token: key)
                    == ["ledger-api", "payments-api"])
                // Arrays of scalars match any element.
                #expect(try await client.entityNames("/api/catalog/entities?filter=metadata.tags=java", token: key)
                    == ["payments", "payments-worker"])
                // A key alone means "has this field".
                #expect(try await client.entityNames("/api/catalog/entities?filter=kind=component,spec.subcomponentOf", token: key)
                    == ["payments-worker"])
                #expect(try await client.entityNames("/api/catalog/entities?filter=metadata.annotations.backstage.io/techdocs-ref", token: key)
                    == ["payments"])
                #expect(try await client.entityNames("/api/catalog/entities?filter=metadata.labels.tier=critical", token: key) == ["payments"])
                #expect(try await client.entityNames("/api/catalog/entities?filter=metadata.namespace=contractors", token: key) == ["joe"])
                // Relation filters.
                #expect(try await client.entityNames("/api/catalog/entities?filter=kind=component,relations.ownedBy=group:default/team-a", token: key)
                    == ["payments", "payments-worker"])
                #expect(try await client.entityNames("/api/catalog/entities?filter=relations.memberof=group:default/team-b", token: key)
                    == ["jane", "joe"])
                #expect(try await client.entityNames("/api/catalog/entities?filter=relations.hasPart=component:default/payments", token: key)
                    == ["billing"])
                // Unknown keys and values match nothing rather than erroring.
                #expect(try await client.entityNames("/api/catalog/entities?filter=spec.nothing=here", token: key) == [])
                // Ordering and paging of the older list API.
                let ordered = try await client.call(.get, "/api/catalog/entities?filter=kind=group&order=desc:metadata.name&fields=metadata.name", token: key)
                #expect(ordered.jsonArray?.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String } == ["team-b", "team-a", "leadership"])
                let page = try await client.call(.get, "/api/catalog/entities?filter=kind=group&limit=1&offset=1&fields=metadata.name", token: key)
                #expect(page.jsonArray?.count == 1)
            }
        }
    }

    @Test func queryFacetsFieldsRefsAndUIDs() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                let key = tenant.apiKey
                let facets = try await client.call(.get, "/api/catalog/entity-facets?facet=kind&facet=spec.type&filter=kind=component", token: key)
                let byFacet = facets.json["facets"] as? [String: [[String: Any]]] ?? [:]
                #expect(byFacet["kind"]?.first?["value"] as? String == "Component")
                #expect(byFacet["kind"]?.first?["count"] as? Int == 3)
                let types = Dictionary(uniqueKeysWithValues: (byFacet["spec.type"] ?? []).map { ($0["value"] as! String, $0["count"] as! Int) })
                #expect(types == ["service": 2, "worker": 1])
                // Backstage's owner picker asks for relation facets.
                let owners = try await client.call(.get, "/api/catalog/entity-facets?facet=relations.ownedBy&filter=kind=component", token: key)
                let ownerCounts = ((owners.json["facets"] as? [String: [[String: Any]]])?["relations.ownedBy"] ?? [])
                    .map { "\($0["value"] as! String)=\($0["count"] as! Int)" }
                #expect(ownerCounts == ["group:default/team-a=2", "user:default/jane=1"])

                let query = try await client.call(.get, "/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name,kind&limit=2", token: key)
                #expect(query.json["totalItems"] as? Int == 3)
                let items = query.json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 2)
                #expect(Set(items.first?.keys.map { $0 } ?? []) == ["kind", "metadata"])
                let next = try #require((query.json["pageInfo"] as? [String: Any])?["nextCursor"] as? String)
                let second = try await client.call(.get, "/api/catalog/entities/by-query?cursor=\(next)&fields=metadata.name", token: key)
                #expect((second.json["items"] as? [[String: Any]])?.count == 1)
                let previous = try #require((second.json["pageInfo"] as? [String: Any])?["prevCursor"] as? String)
                #expect((second.json["pageInfo"] as? [String: Any])?["nextCursor"] == nil)
                let back = try await client.call(.get, "/api/catalog/entities/by-query?cursor=\(previous)&fields=metadata.name", token: key)
                #expect((back.json["items"] as? [[String: Any]])?.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                    == ["ledger", "payments"])

                let text = try await client.call(.get, "/api/catalog/entities/by-query?fullTextFilterTerm=PAYMENTS%20serv&fields=metadata.name", token: key)
                #expect((text.json["items"] as? [[String: Any]])?.count == 1)

                let refs = try await client.call(.post, "/api/catalog/entities/by-refs", token: key, json: [
                    "entityRefs": ["component:default/ledger", "api:payments-api", "component:default/missing", "not a ref::"],
                    "fields": ["metadata.name"],
                ])
                let refItems = try #require(refs.json["items"] as? [Any])
                #expect(refItems.count == 4)
                #expect(((refItems[0] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String == "ledger")
                #expect(((refItems[1] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String == "payments-api")
                #expect(refItems[2] is NSNull)
                #expect(refItems[3] is NSNull)

                // A pushed entity has no parents: its ancestry is itself.
                let ancestry = try await client.call(.get, "/api/catalog/entities/by-name/component/default/ledger/ancestry", token: key).json
                #expect(ancestry["rootEntityRef"] as? String == "component:default/ledger")
                #expect((ancestry["items"] as? [[String: Any]])?.map { $0["parentEntityRefs"] as? [String] ?? ["?"] } == [[]])

                let ledger = try await client.call(.get, "/api/catalog/entities/by-name/Component/default/LEDGER", token: key).json
                let metadata = try #require(ledger["metadata"] as? [String: Any])
                let uid = try #require(metadata["uid"] as? String)
                #expect(metadata["etag"] is String)
                #expect(try await client.call(.get, "/api/catalog/entities/by-uid/\(uid)", token: key).json["kind"] as? String == "Component")
                #expect(try await client.call(.delete, "/api/catalog/entities/by-uid/\(uid)", token: key).status == .noContent)
                let gone = try await client.call(.get, "/api/catalog/entities/by-uid/\(uid)", token: key)
                #expect(gone.status == .notFound)
                #expect((gone.json["error"] as? [String: Any])?["name"] as? String == "NotFoundError")
            }
        }
    }

    /// `spec.type` and `spec.lifecycle` are also columns; an entity of a free-form kind may hold
    /// several values (or a number) there, and filters must answer exactly as `search` does.
    @Test func promotedColumnsAnswerLikeTheFlattenedSearch() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let key = tenant.apiKey
                let services = (0..<5).map { component("svc-\($0)") }
                var site = component("site")
                site["spec"] = ["type": "Website", "lifecycle": "experimental", "owner": "team-a"]
                _ = try await client.call(.put, "/api/catalog/providers/one/entities", token: key, json: ["entities": services + [site]])
                func query(_ filter: String) async throws -> (names: [String], total: Int?) {
                    let page = try await client.call(.get, "/api/catalog/entities/by-query?filter=\(filter)&limit=2&fields=metadata.name", token: key).json
                    let names = (page["items"] as? [[String: Any]] ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                    return (names, page["totalItems"] as? Int)
                }
                #expect(try await query("kind=component,spec.type=service").total == 5)
                #expect(try await query("kind=component,spec.type=service").names == ["svc-0", "svc-1"])
                #expect(try await query("spec.type=WEBSITE,spec.lifecycle=experimental").names == ["site"])
                #expect(try await query("spec.type=website,spec.type=service").total == 6)
                func facet(_ name: String, _ filter: String) async throws -> [String] {
                    let response = try await client.call(.get, "/api/catalog/entity-facets?facet=\(name)&filter=\(filter)", token: key)
                    return ((response.json["facets"] as? [String: [[String: Any]]])?[name] ?? []).map { "\($0["value"] ?? "?")=\($0["count"] ?? "?")" }
                }
                // Under a filter the column answers, with values as written.
                #expect(try await facet("spec.type", "kind=component") == ["service=5", "Website=1"])
                #expect(try await facet("spec.lifecycle", "kind=component,spec.type=website") == ["experimental=1"])

                let pipeline: [String: Any] = [
                    "apiVersion": "example.com/v1", "kind": "Pipeline", "metadata": ["name": "deploy"],
                    "spec": ["type": ["service", "batch"], "lifecycle": 3],
                ]
                let pushed = try await client.call(.put, "/api/catalog/providers/two/entities", token: key, json: ["entities": [pipeline]])
                #expect(pushed.status == .ok)
                #expect(try await query("spec.type=batch").names == ["deploy"])
                #expect(try await query("spec.type=service").total == 6)
                #expect(try await query("spec.type=service,kind=pipeline").names == ["deploy"])
                #expect(try await query("spec.lifecycle=3").names == ["deploy"])
                #expect(try await facet("spec.type", "kind=pipeline") == ["batch=1", "service=1"])
                // A second written form of a value: facets keep the two apart, as Backstage does.
                var lowercaseSite = component("other-site")
                lowercaseSite["spec"] = ["type": "website", "lifecycle": "production", "owner": "team-a"]
                _ = try await client.call(.put, "/api/catalog/providers/three/entities", token: key, json: ["entities": [lowercaseSite]])
                #expect(try await facet("spec.type", "kind=component") == ["service=5", "Website=1", "website=1"])
                // Once the last multi-valued entity is gone the columns answer again, with the same results.
                _ = try await client.call(.put, "/api/catalog/providers/two/entities", token: key, json: ["entities": [[String: Any]]()])
                #expect(try await query("spec.type=service").total == 5)
                #expect(try await query("spec.type=batch").total == 0)
            }
        }
    }

    /// Facets without a filter come from counts the writer keeps; after every kind of write they
    /// must equal the facets counted from the search index (a filter every entity meets forces that).
    @Test func keptFacetCountsMatchCountingThroughEveryWrite() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let key = tenant.apiKey
                let facets = "facet=kind&facet=spec.type&facet=spec.lifecycle&facet=spec.owner&facet=metadata.tags&facet=metadata.namespace"
                    + "&facet=relations.ownedBy&facet=relations.ownerOf&facet=relations.partOf&facet=relations.hasPart&facet=relations.memberOf"
                func agree(_ step: String) async throws {
                    let kept = try await client.call(.get, "/api/catalog/entity-facets?\(facets)", token: key).json["facets"] as? [String: [[String: Any]]]
                    let counted = try await client.call(.get, "/api/catalog/entity-facets?\(facets)&filter=metadata.name", token: key)
                        .json["facets"] as? [String: [[String: Any]]]
                    func normalized(_ value: [String: [[String: Any]]]?) -> [String: Set<String>] {
                        (value ?? [:]).mapValues { Set($0.map { "\($0["value"] ?? "?")=\($0["count"] ?? "?")" }) }
                    }
                    #expect(normalized(kept) == normalized(counted), "after \(step)")
                    #expect(normalized(kept)["kind"]?.isEmpty == false || step == "deleting everything", "after \(step)")
                }
                _ = try await client.pushFixture(token: key)
                try await agree("the fixture")
                var tagged = (0..<30).map { component("svc-\($0)", owner: $0 % 2 == 0 ? "team-a" : "Team-A") }
                for index in tagged.indices { tagged[index]["metadata"] = ["name": "svc-\(index)", "tags": ["java", index % 3 == 0 ? "go" : "rust"]] }
                _ = try await client.call(.put, "/api/catalog/providers/tagged/entities", token: key, json: ["entities": tagged])
                try await agree("a second provider")
                tagged[0]["spec"] = ["type": "website", "lifecycle": "experimental", "owner": "team-b"]
                _ = try await client.call(.put, "/api/catalog/providers/tagged/entities", token: key, json: ["entities": Array(tagged.prefix(20))])
                try await agree("an update and a replacement that drops ten")
                _ = try await client.call(.post, "/api/catalog/providers/tagged/delta", token: key,
                                          json: ["added": [component("late")], "removed": ["component:default/svc-1", "component:default/svc-2"]])
                try await agree("a delta")
                let ledger = try await client.call(.get, "/api/catalog/entities/by-name/component/default/ledger", token: key).json
                let uid = try #require((ledger["metadata"] as? [String: Any])?["uid"] as? String)
                #expect(try await client.call(.delete, "/api/catalog/entities/by-uid/\(uid)", token: key).status == .noContent)
                try await agree("a delete by uid")
                _ = try await client.call(.put, "/api/catalog/providers/tagged/entities", token: key, json: ["entities": [[String: Any]]()])
                _ = try await client.call(.put, "/api/catalog/providers/fixture/entities", token: key, json: ["entities": [[String: Any]]()])
                try await agree("deleting everything")
                let empty = try await client.call(.get, "/api/catalog/entity-facets?facet=kind", token: key).json["facets"] as? [String: [Any]]
                #expect(empty?["kind"]?.isEmpty == true)
            }
        }
    }

    @Test func etagChangesOnlyWhenTheEntityChanges() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let path = "/api/catalog/providers/etags/entities"
                _ = try await client.call(.put, path, token: tenant.apiKey, json: ["entities": [component("svc")]])
                func etag() async throws -> String? {
                    let entity = try await client.call(.get, "/api/catalog/entities/by-name/component/default/svc", token: tenant.apiKey).json
                    return (entity["metadata"] as? [String: Any])?["etag"] as? String
                }
                let first = try await etag()
                let same = try await client.call(.put, path, token: tenant.apiKey, json: ["entities": [component("svc")]])
                #expect(same.json["unchanged"] as? Int == 1)
                #expect(try await etag() == first)
                let changed = try await client.call(.put, path, token: tenant.apiKey, json: ["entities": [component("svc", owner: "team-b")]])
                #expect(changed.json["updated"] as? Int == 1)
                #expect(try await etag() != first)
            }
        }
    }
}

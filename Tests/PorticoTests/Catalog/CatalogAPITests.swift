import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing
@testable import PorticoApp

/// Backstage's catalog API semantics over real HTTP on a pushed fixture.
@Suite struct CatalogAPITests {
    @Test func pushedFixtureGivesTheDocumentedAnswers() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let pushed = try await client.pushFixture(token: tenant.apiKey)
                #expect(pushed.status == .ok)
                #expect(pushed.json["added"] as? Int == CatalogFixture.entityCount)
                try await CatalogFixtureExpectations.relations(client, token: tenant.apiKey)
                try await CatalogFixtureExpectations.filters(client, token: tenant.apiKey)
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

    /// Facets without a filter (or under one every entity meets) come from counts the writer keeps,
    /// under other filters from the postings it keeps; after every kind of write they must equal
    /// each other and the facets counted from the search index. So must `totalItems` of one-condition
    /// filters, which come from the kept counts too, equal counting the matches (a second condition
    /// every entity meets forces that).
    @Test func keptFacetCountsMatchCountingThroughEveryWrite() async throws {
        try await TestDatabase.withShared { runtime in
            // A few hundred requests: the enterprise plan's rate limit lets them all through.
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let key = tenant.apiKey
                let facets = "facet=kind&facet=spec.type&facet=spec.lifecycle&facet=spec.owner&facet=metadata.tags&facet=metadata.namespace"
                    + "&facet=relations.ownedBy&facet=relations.ownerOf&facet=relations.partOf&facet=relations.hasPart&facet=relations.memberOf"
                func agree(_ step: String) async throws {
                    let kept = try await client.call(.get, "/api/catalog/entity-facets?\(facets)", token: key).json["facets"] as? [String: [[String: Any]]]
                    let counted = try await client.call(.get, "/api/catalog/entity-facets?\(facets)&filter=metadata.name,kind", token: key)
                        .json["facets"] as? [String: [[String: Any]]]
                    let everyEntity = try await client.call(.get, "/api/catalog/entity-facets?\(facets)&filter=apiversion", token: key)
                        .json["facets"] as? [String: [[String: Any]]]
                    func normalized(_ value: [String: [[String: Any]]]?) -> [String: Set<String>] {
                        (value ?? [:]).mapValues { Set($0.map { "\($0["value"] ?? "?")=\($0["count"] ?? "?")" }) }
                    }
                    #expect(normalized(kept) == normalized(counted), "after \(step)")
                    #expect(normalized(everyEntity) == normalized(counted), "after \(step)")
                    // Filters of kinds and types add up bucket counts; `metadata.name` (every entity) makes them counted.
                    let bucketFilters = [
                        "kind=component", "spec.type=service", "kind=component,spec.type=website", "spec.type=service,spec.type=website",
                        "kind=group&filter=spec.type=website", "kind=nothing",
                    ]
                    for filter in bucketFilters {
                        let countedFilter = filter.replacingOccurrences(of: "&", with: ",metadata.name&") + ",metadata.name"
                        let fromBuckets = try await client.call(.get, "/api/catalog/entity-facets?\(facets)&filter=\(filter)", token: key)
                            .json["facets"] as? [String: [[String: Any]]]
                        let countedUnder = try await client.call(.get, "/api/catalog/entity-facets?\(facets)&filter=\(countedFilter)", token: key)
                            .json["facets"] as? [String: [[String: Any]]]
                        #expect(normalized(fromBuckets) == normalized(countedUnder), "\(filter) after \(step)")
                    }
                    // Other filters count the kept keys from their postings: compared with the search rows
                    // counted here, each filter written out as SQL by hand.
                    let postingFilters: [(filter: String, sql: String)] = [
                        ("spec.owner=team-a", "key = 'spec.owner' AND value = 'team-a'"),
                        ("metadata.tags=java", "key = 'metadata.tags' AND value = 'java'"),
                        ("metadata.labels.tier=critical", "key = 'metadata.labels.tier' AND value = 'critical'"),
                        ("metadata.annotations.backstage.io/techdocs-ref", "key = 'metadata.annotations.backstage.io/techdocs-ref'"),
                        ("metadata.tags=go&filter=spec.type=website", "(key = 'metadata.tags' AND value = 'go') OR (key = 'spec.type' AND value = 'website')"),
                        ("metadata.name,kind", "key = 'metadata.name'"),
                        ("spec.owner=nobody", "FALSE"),
                        // A written form PostgreSQL's `lower` does not lowercase, and a second condition on a kept key.
                        ("spec.lifecycle=expérimental-ü", "key = 'spec.lifecycle' AND value = 'expérimental-ü'"),
                        ("spec.owner=team-a,metadata.tags=go", "key = 'spec.owner' AND value = 'team-a' AND entity_uid IN (SELECT entity_uid FROM search WHERE key = 'metadata.tags' AND value = 'go')"),
                    ]
                    let keptKeys = ["kind", "spec.type", "spec.lifecycle", "spec.owner", "metadata.tags", "metadata.namespace"]
                    for (filter, sql) in postingFilters {
                        let fromPostings = try await client.call(
                            .get, "/api/catalog/entity-facets?\(keptKeys.map { "facet=\($0)" }.joined(separator: "&"))"
                                + "&filter=\(filter.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? filter)", token: key)
                            .json["facets"] as? [String: [[String: Any]]]
                        let fromSearch = try await runtime.database.withTenantTransaction(tenant.id) { connection in
                            var facets = Dictionary(uniqueKeysWithValues: keptKeys.map { ($0, Set<String>()) })
                            for try await (facet, value, count) in try await connection.checkedQuery(PostgresQuery(unsafeSQL: """
                                SELECT key, original_value, count(*)::int FROM search
                                WHERE key IN (\(keptKeys.map { "'\($0)'" }.joined(separator: ", "))) AND entity_uid IN (SELECT entity_uid FROM search WHERE \(sql))
                                GROUP BY 1, 2
                                """), logger: runtime.logger).decode((String, String, Int).self) {
                                facets[facet, default: []].insert("\(value)=\(count)")
                            }
                            return facets
                        }
                        #expect(normalized(fromPostings) == fromSearch, "\(filter) after \(step)")
                    }
                    func total(_ filter: String) async throws -> Int? {
                        let page = try await client.call(.get, "/api/catalog/entities/by-query?filter=\(filter)&limit=1&fields=kind", token: key)
                        return (page.json["totalItems"] as? Int)
                    }
                    let filters = [
                        "kind=component", "kind=component,kind=group", "spec.type=service", "spec.owner=team-a", "metadata.tags=java",
                        "metadata.tags", "metadata.tags.java", "metadata.annotations", "metadata.annotations.backstage.io/techdocs-ref", "spec",
                        "apiversion", "metadata.description", "nothing.here", "spec.owner=nobody", "metadata.labels.tier=critical",
                        "kind=component,metadata.labels.tier=critical", "metadata.tags.java=true,spec.owner=team-a",
                        "spec.type=service,metadata.tags=java,kind=component",
                        // Kinds and types only: the kept bucket counts, summed.
                        "kind=component,spec.type=website", "kind=Component,spec.type=SERVICE", "spec.type=service,spec.type=website",
                        "kind,spec.type=service", "kind=group&filter=spec.type=website", "kind=component,spec.type=nothing",
                    ]
                    for filter in filters {
                        #expect(try await total(filter) == total(filter + ",metadata.name"), "\(filter) after \(step)")
                    }
                    #expect(normalized(kept)["kind"]?.isEmpty == false || step == "deleting everything", "after \(step)")
                }
                _ = try await client.pushFixture(token: key)
                try await agree("the fixture")
                var tagged = (0..<30).map { component("svc-\($0)", owner: $0 % 2 == 0 ? "team-a" : "Team-A") }
                for index in tagged.indices { tagged[index]["metadata"] = ["name": "svc-\(index)", "tags": ["java", index % 3 == 0 ? "go" : "rust"]] }
                var unusual = component("svc-unusual")
                unusual["spec"] = ["type": "service", "lifecycle": "Expérimental-Ü", "owner": "team-a"]
                tagged.append(unusual)
                _ = try await client.call(.put, "/api/catalog/providers/tagged/entities", token: key, json: ["entities": tagged])
                try await agree("a second provider")
                let unusualFacets = try await client.call(
                    .get, "/api/catalog/entity-facets?facet=spec.lifecycle&facet=spec.owner&filter=spec.lifecycle=exp%C3%A9rimental-%C3%BC", token: key)
                    .json["facets"] as? [String: [[String: Any]]]
                // Its written lifecycle is one PostgreSQL's `lower` leaves as it is.
                #expect((unusualFacets ?? [:]).mapValues { $0.map { "\($0["value"] ?? "?")=\($0["count"] ?? "?")" } }
                    == ["spec.lifecycle": ["Expérimental-Ü=1"], "spec.owner": ["team-a=1"]])
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
                let leftRows = try await runtime.database.withTenantTransaction(tenant.id) { connection in
                    var rows = 0
                    for try await count in try await connection.checkedQuery(
                        "SELECT count(*)::int FROM facet_counts WHERE key <> '(ordinals)'", logger: runtime.logger).decode(Int.self) { rows = count }
                    return rows
                }
                #expect(leftRows == 0, "counts and postings that reached zero are deleted, not kept as zero rows")
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

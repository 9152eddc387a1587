import Foundation
import HummingbirdTesting
@testable import PorticoCatalog
import PorticoCore
import Testing

/// Input built to hurt: aliases that expand without end, text PostgreSQL cannot store, cursors
/// that smuggle past the parameters' limits, pushes far over the plan.
@Suite struct CatalogHostileInputTests {
    @Test func anAliasedStringReferencedAMillionTimesIsRefusedBeforeExpansion() throws {
        let anchored = String(repeating: "x", count: 4 << 20)
        var yaml = "a: &a \(anchored)\nb: ["
        yaml.reserveCapacity(yaml.utf8.count + 4_000_000)
        for index in 0..<1_000_000 { yaml += index == 0 ? "*a" : ",*a" }
        yaml += "]\n"
        #expect(yaml.utf8.count < DescriptorParser.Limits().maximumBytes, "the file itself is within the size limit")
        #expect {
            try DescriptorParser.parseYAML(yaml)
        } throws: { error in
            (error as? DescriptorParser.Problem)?.message.contains("too much text") == true
        }
    }

    @Test func textPostgreSQLCannotStoreIsA400NamingTheField() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                var nulInOwner = component("nul-owner")
                nulInOwner["spec"] = ["type": "service", "lifecycle": "production", "owner": "team\u{0}a"]
                var nulInAnnotationKey = component("nul-key")
                nulInAnnotationKey["metadata"] = ["name": "nul-key", "annotations": ["a\u{0}b": "x"]]
                var nulInDescription = component("nul-text")
                nulInDescription["metadata"] = ["name": "nul-text", "description": "before\u{0}after"]
                for (entity, field) in [(nulInOwner, "entities[1].spec.owner"), (nulInAnnotationKey, "entities[1].metadata.annotations.a\\u0000b"),
                                        (nulInDescription, "entities[1].metadata.description")] {
                    let response = try await client.call(.put, "/api/catalog/providers/nul/entities", token: tenant.apiKey,
                                                         json: ["entities": [component("fine"), entity]])
                    #expect(response.status == .badRequest, "\(field): \(response.json)")
                    #expect(response.json["field"] as? String == field)
                }
                let delta = try await client.call(.post, "/api/catalog/providers/nul/delta", token: tenant.apiKey,
                                                  json: ["added": [nulInOwner], "removed": []])
                #expect(delta.json["field"] as? String == "added[0].spec.owner")
                let removed = try await client.call(.post, "/api/catalog/providers/nul/delta", token: tenant.apiKey,
                                                    json: ["added": [], "removed": ["component:default/a\u{0}b"]])
                #expect(removed.status == .badRequest)
                #expect(removed.json["field"] as? String == "removed[0]")
                let validated = try await client.call(.post, "/api/catalog/validate-entity", token: tenant.apiKey,
                                                      json: ["entity": nulInOwner, "location": "url:https://example.com/a.yaml"])
                #expect(validated.status == .badRequest)
                #expect(try await client.entityNames("/api/catalog/entities", token: tenant.apiKey) == [], "nothing may be written")
            }
        }
    }

    @Test func anEncodedNULInAURLIsA400AndARefWithOneFindsNothing() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                for path in [
                    "/api/catalog/entities/by-name/component/default/a%00b", "/api/catalog/entity-facets?facet=kind%00",
                    "/api/catalog/entities/by-query?orderField=metadata.name%00,asc", "/api/catalog/entities?order=asc:metadata.name%00",
                    "/api/catalog/entities/by-query?fullTextFilterTerm=a%00", "/api/catalog/locations/a%00b",
                ] {
                    let response = try await client.call(.get, path, token: tenant.apiKey)
                    #expect(response.status == .badRequest, "\(path): \(response.json)")
                }
                let byRefs = try await client.call(.post, "/api/catalog/entities/by-refs", token: tenant.apiKey,
                                                   json: ["entityRefs": ["component:default/a\u{0}b", "group:default/team-a"]])
                #expect(byRefs.status == .ok)
                let items = byRefs.json["items"] as? [Any] ?? []
                #expect(items.count == 2)
                #expect(items.first is NSNull)
                #expect(items.last is [String: Any])
            }
        }
    }

    @Test func cursorsAreHeldToTheLimitsOfTheParametersTheyReplace() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                func encoded(_ cursor: [String: Any]) throws -> String {
                    try JSONSerialization.data(withJSONObject: cursor).base64EncodedString()
                        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                }
                let base: [String: Any] = ["order": ["field": "metadata.name", "descending": false], "backwards": false]
                var tooManyConditions = base
                tooManyConditions["filter"] = ["anyOf": [(0..<60).map { ["key": "metadata.name", "values": ["n\($0)"]] }]]
                var controlInKey = base
                controlInKey["filter"] = ["anyOf": [[["key": "kind\u{0}", "values": ["x"]]]]]
                var longOrder = base
                longOrder["filter"] = ["anyOf": []]
                longOrder["order"] = ["field": String(repeating: "o", count: 500), "descending": false]
                var nulTerm = base
                nulTerm["filter"] = ["anyOf": []]
                nulTerm["fullText"] = ["term": "a\u{0}", "fields": []]
                var nulPosition = base
                nulPosition["filter"] = ["anyOf": []]
                nulPosition["position"] = ["sortValue": "a\u{0}", "uid": UUID().uuidString]
                for cursor in [tooManyConditions, controlInKey, longOrder, nulTerm, nulPosition] {
                    let byQuery = try await client.call(.get, "/api/catalog/entities/by-query?cursor=\(try encoded(cursor))", token: tenant.apiKey)
                    #expect(byQuery.status == .badRequest, "\(cursor): \(byQuery.json)")
                    #expect(byQuery.json["field"] as? String == "cursor")
                    let after = try await client.call(.get, "/api/catalog/entities?after=\(try encoded(cursor))", token: tenant.apiKey)
                    #expect(after.json["field"] as? String == "after")
                }
                let tooManyFields = (0..<60).map { "fullTextFilterFields=f\($0)" }.joined(separator: "&")
                let fields = try await client.call(.get, "/api/catalog/entities/by-query?fullTextFilterTerm=a&\(tooManyFields)", token: tenant.apiKey)
                #expect(fields.json["field"] as? String == "fullTextFilterFields")
                #expect(try await client.call(.get, "/api/catalog/entities?offset=100001", token: tenant.apiKey).json["field"] as? String == "offset")
            }
        }
    }

    @Test func aPushOverThePlanIsRefusedBeforeItsEntitiesAreValidated() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "free")
            let limit = runtime.plans.entitlements(plan: "free", rateLimitOverride: nil).limit(CatalogModule.maxEntities)
            try await LiveServer.with(runtime) { client in
                // One entity past the limit, and invalid: the limit answers, not the validation.
                let tooMany: [Any] = (0..<limit).map { component("svc-\($0)") } + ["not an entity"]
                let refused = try await client.call(.put, "/api/catalog/providers/big/entities", token: tenant.apiKey, json: ["entities": tooMany])
                #expect(refused.code == "plan_limit_reached")
                let half = (0..<(limit / 2)).map { component("a-\($0)") }
                #expect(try await client.call(.put, "/api/catalog/providers/a/entities", token: tenant.apiKey, json: ["entities": half]).status == .ok)
                // Replacing its own set is counted as a replacement, not as additions.
                #expect(try await client.call(.put, "/api/catalog/providers/a/entities", token: tenant.apiKey, json: ["entities": half]).status == .ok)
                let otherHalf = (0..<(limit / 2 + 1)).map { component("b-\($0)") }
                let over = try await client.call(.post, "/api/catalog/providers/b/delta", token: tenant.apiKey, json: ["added": otherHalf])
                #expect(over.code == "plan_limit_reached")
                #expect(over.json["detail"] as? String == "The 'free' plan allows \(limit) entities; this change would make \(limit + 1).")
                let fits = try await client.call(.post, "/api/catalog/providers/b/delta", token: tenant.apiKey,
                                                 json: ["added": Array(otherHalf.dropLast())])
                #expect(fits.status == .ok)
            }
        }
    }
}

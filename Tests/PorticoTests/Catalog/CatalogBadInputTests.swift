import Foundation
import HummingbirdTesting
@testable import PorticoApp
import PorticoCatalog
import PorticoCore
import Testing

/// Wrong input is refused with a clear error naming what is wrong, and nothing is half-written.
@Suite struct CatalogBadInputTests {
    @Test func invalidEntitiesRefuseTheWholePush() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let path = "/api/catalog/providers/bad/entities"
                func push(_ entities: [Any]) async throws -> TestResponse {
                    try await client.call(.put, path, token: tenant.apiKey, json: ["entities": entities])
                }
                var invalidName = component("ok")
                invalidName["metadata"] = ["name": "bad name!"]
                var wrongType = component("typed")
                wrongType["spec"] = ["type": "service", "lifecycle": "production", "owner": 42]
                var badRelation = component("rel")
                badRelation["spec"] = ["type": "service", "lifecycle": "production", "owner": "team-a", "dependsOn": ["no-kind-here"]]
                var missingSpec = component("nospec")
                missingSpec["spec"] = ["type": "service"]
                let cases: [(Any, String)] = [
                    (invalidName, "metadata.name"), (wrongType, "spec.owner"), (badRelation, "spec.dependsOn[0]"),
                    (missingSpec, "spec.lifecycle"), ("just a string", "entity"),
                    (["apiVersion": "backstage.io/v1alpha1", "kind": "Spaceship", "metadata": ["name": "x"]], "kind"),
                    (["apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": ["name": "t", "tags": ["Not OK"]],
                      "spec": ["type": "a", "lifecycle": "b", "owner": "c"]], "metadata.tags[0]"),
                    (["apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": ["name": String(repeating: "n", count: 64)],
                      "spec": ["type": "a", "lifecycle": "b", "owner": "c"]], "metadata.name"),
                ]
                for (entity, field) in cases {
                    let response = try await push([component("good-one"), entity])
                    #expect(response.status == .unprocessableContent, "\(field)")
                    #expect(response.code == "invalid_entity")
                    #expect(response.json["field"] as? String == "entities[1].\(field)", "\(String(describing: response.json["detail"]))")
                }
                let duplicate = try await push([component("twin"), component("TWIN")])
                #expect(duplicate.code == "invalid_entity")
                #expect(try await client.entityNames("/api/catalog/entities", token: tenant.apiKey) == [], "nothing may be written")

                let notJSON = try await client.call(.put, path, token: tenant.apiKey, rawBody: "{\"entities\": [")
                #expect(notJSON.code == "malformed_json")
                let wrongShape = try await client.call(.put, path, token: tenant.apiKey, json: ["entities": "all of them"])
                #expect(wrongShape.json["field"] as? String == "entities")
                let badProvider = try await client.call(.put, "/api/catalog/providers/Bad%20Name/entities", token: tenant.apiKey, json: ["entities": []])
                #expect(badProvider.json["field"] as? String == "provider")
            }
        }
    }

    @Test func hostileQueriesAreHarmless() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                let hostile = [
                    "kind='component'%3B%20DROP%20TABLE%20entities%3B--", "metadata.name=x'%20OR%20'1'='1", "relations.ownedby=%25",
                    "spec.type=%5C%25", "%E2%80%AE=%F0%9F%98%80", "kind", "a=b=c",
                ]
                for filter in hostile {
                    let response = try await client.call(.get, "/api/catalog/entities/by-query?filter=\(filter)", token: tenant.apiKey)
                    #expect(response.status == .ok || response.status == .badRequest, "\(filter)")
                }
                let control = try await client.call(.get, "/api/catalog/entities?filter=kind=a%00b", token: tenant.apiKey)
                #expect(control.status == .badRequest)
                #expect(try await client.call(.get, "/api/catalog/entities/by-query?cursor=garbage", token: tenant.apiKey).code == "invalid_request")
                #expect(try await client.call(.get, "/api/catalog/entities/by-query?limit=-1", token: tenant.apiKey).json["field"] as? String == "limit")
                #expect(try await client.call(.get, "/api/catalog/entities/by-query?orderField=name,sideways", token: tenant.apiKey).json["field"] as? String == "orderField")
                #expect(try await client.call(.get, "/api/catalog/entity-facets", token: tenant.apiKey).json["field"] as? String == "facet")
                #expect(try await client.call(.get, "/api/catalog/entities/by-uid/not-a-uid", token: tenant.apiKey).status == .notFound)
                // Everything is still there.
                let all = try await client.call(.get, "/api/catalog/entities/by-query?limit=1", token: tenant.apiKey)
                #expect(all.json["totalItems"] as? Int == CatalogFixture.entityCount)
            }
        }
    }

    @Test func planEntityLimitIsEnforced() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "free")
            let limit = runtime.plans.entitlements(plan: "free", rateLimitOverride: nil).limit(CatalogModule.maxEntities)
            try await LiveServer.with(runtime) { client in
                let tooMany = (0...limit).map { component("svc-\($0)") }
                let refused = try await client.call(.put, "/api/catalog/providers/big/entities", token: tenant.apiKey, json: ["entities": tooMany])
                #expect(refused.status == .forbidden)
                #expect(refused.code == "plan_limit_reached")
                #expect(try await client.call(.get, "/api/catalog/entities/by-query?limit=1", token: tenant.apiKey).json["totalItems"] as? Int == 0)
                let fits = try await client.call(.put, "/api/catalog/providers/big/entities", token: tenant.apiKey,
                                                 json: ["entities": Array(tooMany.dropLast())])
                #expect(fits.status == .ok)
            }
        }
    }

    @Test func yamlParserRefusesHostileFiles() throws {
        #expect(throws: DescriptorParser.Problem.self) { try DescriptorParser.parseYAML("kind: [unclosed") }
        let laughs = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            """
        var limits = DescriptorParser.Limits()
        limits.maximumValues = 100_000
        #expect(throws: DescriptorParser.Problem.self) { try DescriptorParser.parseYAML(laughs, limits: limits) }
        let big = String(repeating: "# padding\n", count: 1_100_000)
        #expect(throws: DescriptorParser.Problem.self) { try DescriptorParser.parseYAML(big) }
        let documents = try DescriptorParser.parseYAML("a: 1\n---\nb: true\n---\nc: 2024-01-01\n")
        #expect(documents.count == 3)
        #expect(documents[2]["c"] == .string("2024-01-01"))
    }
}

import Foundation
import HummingbirdTesting
import PorticoStore
import Testing
@testable import PorticoApp
@testable import PorticoCatalog

/// A key the tenant's filters match many entities of gets postings of its own (`PostedKeys`): a
/// read asks, a worker learns them, the writer keeps them from then on, and every answer stays
/// what counting the search rows gives.
@Suite struct CatalogLearnedPostingsTests {
    static let tier = "metadata.labels.tier"

    /// 1,500 components: `tier` 1 on two in three (1,000, the learning threshold), 2 on the
    /// others but ten written `Gold` or `GOLD`; a `zone` of three values on all; owners team-a and
    /// team-b in turn; types service and website in turn.
    static func catalog() -> [[String: Any]] {
        (0..<1_500).map { index in
            let tier = index % 3 != 0 ? "1" : index < 30 ? (index % 2 == 0 ? "Gold" : "GOLD") : "2"
            var entity = component("svc-\(index)", owner: index % 2 == 0 ? "team-a" : "team-b", labels: ["tier": tier, "zone": "z\(index % 3)"])
            entity["spec"] = ["type": index % 2 == 0 ? "service" : "website", "lifecycle": "production", "owner": index % 2 == 0 ? "team-a" : "team-b"]
            return entity
        }
    }

    @Test func aFilterMatchingManyEntitiesLearnsItsKeyAndEveryAnswerStaysExact() async throws {
        try await TestDatabase.withFreshMigrated { _, runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            let other = try await TestTenants.create(runtime, plan: "enterprise")
            let queue = JobQueue(database: runtime.database)
            let registry = PorticoWorker.registry(modules: try runtime.modules(queue: queue), queue: queue)
            let worker = JobTestSupport.worker(runtime, queue: queue, registry: registry)
            try await JobTestSupport.withWorkers([worker], logger: runtime.logger) {
                try await LiveServer.with(runtime) { client in
                    for owner in [tenant, other] {
                        let pushed = try await client.call(.put, "/api/catalog/providers/bulk/entities", token: owner.apiKey,
                                                           json: ["entities": Self.catalog()])
                        #expect(pushed.status == .ok)
                    }
                    let byQuery = "/api/catalog/entities/by-query?limit=1&filter="
                    #expect(try await client.call(.get, byQuery + "\(Self.tier)=1", token: tenant.apiKey).json["totalItems"] as? Int == 1_000)
                    try await eventually("the tier's postings are learned") {
                        try await tenantStrings("SELECT original_value FROM facet_counts WHERE key = '(posted)'", runtime, tenant) == [Self.tier]
                    }
                    #expect(try await tenantStrings("SELECT original_value FROM facet_counts WHERE key = '(posted)'", runtime, other).isEmpty,
                            "learned for the tenant that read, not for another")
                    try await expectAnswersMatchCounting(client, runtime, tenant)

                    // A facet counted from many index rows makes its key learned too.
                    let zone = "metadata.labels.zone"
                    let zones = try await client.call(.get, "/api/catalog/entity-facets?facet=\(zone)", token: tenant.apiKey)
                    #expect(((zones.json["facets"] as? [String: Any])?[zone] as? [[String: Any]])?.count == 3)
                    try await eventually("the zone's postings are learned") {
                        try await tenantStrings("SELECT original_value FROM facet_counts WHERE key = '(posted)' ORDER BY 1", runtime, tenant)
                            == [Self.tier, zone]
                    }

                    // Every kind of write after learning: replacements, removals, additions, a deletion by uid.
                    var entities = Self.catalog()
                    entities[1]["metadata"] = ["name": "svc-1", "labels": ["tier": "2"]]
                    entities[2]["metadata"] = ["name": "svc-2", "labels": [:] as [String: String]]
                    entities.removeLast(300)
                    entities += (0..<50).map { component("late-\($0)", labels: ["tier": $0 % 2 == 0 ? "1" : "gold"]) }
                    #expect(try await client.call(.put, "/api/catalog/providers/bulk/entities", token: tenant.apiKey,
                                                  json: ["entities": entities]).status == .ok)
                    let delta = try await client.call(.post, "/api/catalog/providers/bulk/delta", token: tenant.apiKey, json: [
                        "added": [component("delta-1", labels: ["tier": "1"])], "removed": ["component:default/svc-4", "component:default/svc-5"],
                    ])
                    #expect(delta.status == .ok)
                    let uid = try #require(try await tenantStrings(
                        "SELECT uid::text FROM entities WHERE ref = 'component:default/svc-7'", runtime, tenant).first)
                    #expect(try await client.call(.delete, "/api/catalog/entities/by-uid/\(uid)", token: tenant.apiKey).status == .noContent)
                    try await expectAnswersMatchCounting(client, runtime, tenant)

                    // What the writer kept is what learning the key now would write.
                    let kept = try await postingRows(runtime, tenant, key: Self.tier)
                    #expect(!kept.isEmpty)
                    #expect(try await postingRowsRebuilt(of: Self.tier, runtime, tenant) == kept)
                }
            }
        }
    }

    /// `totalItems` and facets of filters on the learned key, answered from its postings, against
    /// the search rows counted by hand.
    func expectAnswersMatchCounting(_ client: any TestClientProtocol, _ runtime: Runtime, _ tenant: TestTenant) async throws {
        func counted(_ condition: String) async throws -> Int {
            Int(try await tenantStrings("SELECT count(*)::text FROM search WHERE \(condition)", runtime, tenant)[0])!
        }
        let byQuery = "/api/catalog/entities/by-query?limit=1&filter="
        for value in ["1", "gold"] {
            let total = try await client.call(.get, byQuery + "\(Self.tier)=\(value)", token: tenant.apiKey).json["totalItems"] as? Int
            #expect(total == (try await counted("key = '\(Self.tier)' AND value = '\(value)'")), "\(Self.tier)=\(value)")
        }
        let both = try await client.call(.get, byQuery + "\(Self.tier)=1,spec.type=service", token: tenant.apiKey).json["totalItems"] as? Int
        #expect(both == (try await counted("""
            key = '\(Self.tier)' AND value = '1' AND entity_uid IN (SELECT entity_uid FROM search WHERE key = 'spec.type' AND value = 'service')
            """)))
        // Under a filter, under none, and under one every entity meets.
        let scopes = [
            "filter=spec.owner=team-b": "entity_uid IN (SELECT entity_uid FROM search WHERE key = 'spec.owner' AND value = 'team-b')",
            "": "true", "filter=kind=component": "true",
        ]
        for (filter, scope) in scopes {
            let facets = try await client.call(.get, "/api/catalog/entity-facets?facet=\(Self.tier)&\(filter)", token: tenant.apiKey)
            let values = (facets.json["facets"] as? [String: Any])?[Self.tier] as? [[String: Any]] ?? []
            let byHand = try await tenantStrings("""
                SELECT original_value || '=' || count(*) FROM search WHERE key = '\(Self.tier)' AND \(scope) GROUP BY original_value ORDER BY 1
                """, runtime, tenant)
            #expect(values.map { "\($0["value"] as? String ?? "?")=\($0["count"] as? Int ?? -1)" }.sorted() == byHand, "\(filter)")
        }
    }

    @Test func learningIsBoundedPerTenantAndPerKey() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            let keys = (0...PostedKeys.maximumLearned).map { "k\($0)" }
            let pushed = try await LiveServer.with(runtime) { client in
                let entities: [[String: Any]] = (0..<3).map { index in
                    component("svc-\(index)", labels: Dictionary(uniqueKeysWithValues: keys.map { ($0, "v\(index)") }))
                }
                return try await client.call(.put, "/api/catalog/providers/bulk/entities", token: tenant.apiKey, json: ["entities": entities])
            }
            #expect(pushed.status == .ok)
            let learner = PostingKeyLearner(database: runtime.database)
            for key in keys.dropLast() {
                #expect(try await learner.learn("metadata.labels.\(key)", tenant: tenant.id) == .learned(values: 3))
            }
            #expect(try await learner.learn("metadata.labels.\(keys.last!)", tenant: tenant.id)
                == .refused(reason: "the tenant has \(PostedKeys.maximumLearned) learned keys"))
            #expect(try await learner.learn("metadata.labels.\(keys.last!)", tenant: tenant.id) == .alreadyDecided)
            #expect(try await learner.learn("metadata.labels.k0", tenant: tenant.id) == .alreadyDecided)
            #expect(try await learner.learn("spec.owner", tenant: tenant.id) == .alreadyDecided, "kept keys have postings already")
        }
    }
}

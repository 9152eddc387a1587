import Foundation
import HummingbirdTesting
@testable import PorticoCatalog
import PorticoStore
import Testing
@testable import PorticoApp

/// Registering a location creates the `generated-…` Location entity Backstage creates for it
/// (`DefaultLocationStore.createLocation` with `locationSpecToLocationEntity`): an entity like any
/// other, counted against the plan, the root of its children's ancestry, gone with its location,
/// and invisible to every other tenant.
@Suite(.serialized) struct CatalogGeneratedLocationTests {
    static let billing = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: billing
        spec: {type: service, lifecycle: production, owner: team-a}
        """

    /// Backstage's name: `generated-` and the SHA-1 hex of `<type>:<target>` (computed apart).
    @Test func theNameIsBackstagesHashOfTheLocationReference() {
        let entity = GeneratedLocationEntity(type: "url", target: "https://github.com/backstage/backstage/blob/master/catalog-info.yaml")
        #expect(entity.name == "generated-aa2077ff12588d858ceb1a61b6102ec9ea316cfc")
        #expect(entity.ref.description == "location:default/generated-aa2077ff12588d858ceb1a61b6102ec9ea316cfc")
    }

    @Test func registeringCreatesTheLocationEntityAndUnregisteringRemovesItWithItsChildren() async throws {
        let files = CatalogIngestionTests.FixtureFiles(["catalog-info.yaml": Self.billing])
        try await CatalogIngestionTests.withIngestion(files: files, retryPolicy: .init()) { base, _, client, tenant, other in
            let target = "\(base)/catalog-info.yaml"
            let name = GeneratedLocationEntity(type: "url", target: target).name
            let byName = "/api/catalog/entities/by-name/location/default/\(name)"

            // A dry run answers the Location entity first and the location's reference as its id; it writes nothing.
            let dryRun = try await client.call(.post, "/api/catalog/locations?dryRun=true", token: tenant.apiKey,
                                               json: ["type": "url", "target": target])
            #expect(dryRun.status == .created)
            #expect(dryRun.json["location"] as? [String: String] == ["type": "url", "target": target, "id": "url:\(target)"])
            #expect(dryRun.json["exists"] as? Bool == false)
            let previewed = dryRun.json["entities"] as? [[String: Any]] ?? []
            #expect(previewed.map { ($0["metadata"] as? [String: Any])?["name"] as? String } == [name, "billing"])
            #expect(try await client.call(.get, byName, token: tenant.apiKey).status == .notFound)

            let created = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey, json: ["type": "url", "target": target])
            #expect(created.status == .created)
            #expect((created.json["entities"] as? [Any])?.isEmpty == true)
            let locationID = try #require((created.json["location"] as? [String: Any])?["id"] as? String)

            // The entity exists as soon as the location does, before any refresh.
            let entity = try await client.call(.get, byName, token: tenant.apiKey)
            #expect(entity.status == .ok)
            #expect(entity.json["apiVersion"] as? String == "backstage.io/v1alpha1")
            #expect(entity.json["kind"] as? String == "Location")
            #expect(entity.json["spec"] as? [String: String] == ["type": "url", "target": target])
            let metadata = entity.json["metadata"] as? [String: Any] ?? [:]
            #expect(metadata["namespace"] as? String == "default")
            #expect(metadata["annotations"] as? [String: String] == [
                "backstage.io/managed-by-location": "url:\(target)", "backstage.io/managed-by-origin-location": "url:\(target)",
            ])
            #expect((entity.json["relations"] as? [Any])?.isEmpty == true, "Backstage emits no relation for a Location")
            let uid = try #require(metadata["uid"] as? String)
            let locations = try await client.call(.get, "/api/catalog/entities/by-query?filter=kind=location", token: tenant.apiKey)
            #expect(locations.json["totalItems"] as? Int == 1)
            let byEntity = try await client.call(.get, "/api/catalog/locations/by-entity/location/default/\(name)", token: tenant.apiKey)
            #expect(byEntity.json["id"] as? String == locationID)

            // Registering the same target again is still a conflict, and makes no second entity.
            let again = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey, json: ["type": "url", "target": target])
            #expect(again.status == .conflict)

            try await eventually("the location is ingested") {
                try await client.entityNames("/api/catalog/entities", token: tenant.apiKey) == ["billing", name]
            }
            let status = try await client.call(.get, "/api/catalog/locations/\(locationID)/status", token: tenant.apiKey).json
            #expect(status["entityCount"] as? Int == 1, "the count is of what the target describes")
            let ancestry = try await client.call(.get, "/api/catalog/entities/by-name/component/default/billing/ancestry", token: tenant.apiKey).json
            #expect(ancestry["rootEntityRef"] as? String == "component:default/billing")
            let lineage = (ancestry["items"] as? [[String: Any]] ?? []).map { item in
                "\(((item["entity"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String ?? "?") <- \(item["parentEntityRefs"] as? [String] ?? [])"
            }
            #expect(lineage == ["billing <- [\"location:default/\(name)\"]", "\(name) <- []"])
            #expect(try await client.call(.post, "/api/catalog/refresh", token: tenant.apiKey,
                                          json: ["entityRef": "location:default/\(name)"]).status == .ok)

            // Tenant B reaches it by no route: name, uid, refs, filters, facets, ancestry, location, refresh, deletion.
            #expect(try await client.call(.get, byName, token: other.apiKey).status == .notFound)
            #expect(try await client.call(.get, "\(byName)/ancestry", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.get, "/api/catalog/entities/by-uid/\(uid)", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.delete, "/api/catalog/entities/by-uid/\(uid)", token: other.apiKey).status == .notFound)
            let refs = try await client.call(.post, "/api/catalog/entities/by-refs", token: other.apiKey,
                                             json: ["entityRefs": ["location:default/\(name)"]])
            #expect((refs.json["items"] as? [Any])?.first is NSNull)
            let foreign = try await client.call(.get, "/api/catalog/entities/by-query?filter=kind=location", token: other.apiKey)
            #expect(foreign.json["totalItems"] as? Int == 0)
            let facets = try await client.call(.get, "/api/catalog/entity-facets?facet=kind", token: other.apiKey)
            #expect((facets.json["facets"] as? [String: [Any]])?["kind"]?.isEmpty == true)
            #expect(try await client.call(.get, "/api/catalog/locations/by-entity/location/default/\(name)", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.post, "/api/catalog/refresh", token: other.apiKey,
                                          json: ["entityRef": "location:default/\(name)"]).status == .notFound)
            #expect(try await client.call(.delete, "/api/catalog/locations/\(locationID)", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.get, byName, token: tenant.apiKey).status == .ok)

            // B registering the same target gets an entity of its own under the same name; deleting
            // B's location leaves A's alone.
            let theirs = try await client.call(.post, "/api/catalog/locations", token: other.apiKey, json: ["type": "url", "target": target])
            #expect(theirs.status == .created)
            let theirID = try #require((theirs.json["location"] as? [String: Any])?["id"] as? String)
            let theirEntity = try await client.call(.get, byName, token: other.apiKey)
            #expect(theirEntity.status == .ok)
            #expect((theirEntity.json["metadata"] as? [String: Any])?["uid"] as? String != uid)
            #expect(try await client.call(.delete, "/api/catalog/locations/\(theirID)", token: other.apiKey).status == .noContent)
            #expect(try await client.call(.get, byName, token: other.apiKey).status == .notFound)
            #expect(try await client.call(.get, "/api/catalog/entities/by-uid/\(uid)", token: tenant.apiKey).status == .ok)

            // Deleted by uid, it comes back with the next refresh (which then reads the target whole).
            #expect(try await client.call(.delete, "/api/catalog/entities/by-uid/\(uid)", token: tenant.apiKey).status == .noContent)
            #expect(try await client.call(.get, byName, token: tenant.apiKey).status == .notFound)
            #expect(try await client.call(.post, "/api/catalog/refresh", token: tenant.apiKey,
                                          json: ["entityRef": "component:default/billing"]).status == .ok)
            try await eventually("the refresh writes it again") {
                try await client.call(.get, byName, token: tenant.apiKey).status == .ok
            }

            // Unregistering removes it and its children.
            #expect(try await client.call(.delete, "/api/catalog/locations/\(locationID)", token: tenant.apiKey).status == .noContent)
            #expect(try await client.entityNames("/api/catalog/entities", token: tenant.apiKey) == [])
        }
    }

    /// The Location entity counts against the plan's entity limit: a tenant at its limit cannot
    /// register a location (and nothing is left behind), one below it can.
    @Test func theLocationEntityCountsAgainstTheEntityLimit() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "free")
            try await LiveServer.with(runtime) { client in
                let limit = 1_000
                let entities = (0..<limit).map { component("c\($0)") }
                let pushed = try await client.call(.put, "/api/catalog/providers/bulk/entities", token: tenant.apiKey, json: ["entities": entities])
                #expect(pushed.status == .ok, "\(pushed.json)")

                let refused = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey,
                                                    json: ["type": "url", "target": "https://example.com/catalog-info.yaml"])
                #expect(refused.status == .forbidden)
                #expect(refused.json["code"] as? String == "plan_limit_reached")
                #expect(try await client.call(.get, "/api/catalog/locations", token: tenant.apiKey).jsonArray?.isEmpty == true)

                let removed = try await client.call(.post, "/api/catalog/providers/bulk/delta", token: tenant.apiKey,
                                                    json: ["removed": ["component:default/c0"]])
                #expect(removed.json["removed"] as? Int == 1)
                let created = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey,
                                                    json: ["type": "url", "target": "https://example.com/catalog-info.yaml"])
                #expect(created.status == .created)
                let total = try await client.call(.get, "/api/catalog/entities/by-query?limit=1", token: tenant.apiKey)
                #expect(total.json["totalItems"] as? Int == limit)
            }
        }
    }
}

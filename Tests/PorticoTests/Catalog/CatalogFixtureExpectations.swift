import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// The documented answers for `CatalogFixture`, checked whether it was pushed by a provider or
/// ingested from a location: relations in both directions and Backstage's filter examples.
enum CatalogFixtureExpectations {
    static func relations(_ client: any TestClientProtocol, token: String) async throws {
        func relations(_ path: String) async throws -> Set<String> {
            let entity = try await client.call(.get, "/api/catalog/entities/by-name/\(path)", token: token).json
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

    static func filters(_ client: any TestClientProtocol, token: String) async throws {
        let key = token
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
        // Backstage's form for string items of arrays: `<key>.<item>` alone or `=true`; two such keys in one
        // filter require both items, where `metadata.tags=java,metadata.tags=payments` takes either.
        #expect(try await client.entityNames("/api/catalog/entities?filter=metadata.tags.java", token: key)
            == ["payments", "payments-worker"])
        #expect(try await client.entityNames("/api/catalog/entities?filter=metadata.tags.java=true", token: key)
            == ["payments", "payments-worker"])
        #expect(try await client.entityNames("/api/catalog/entities?filter=metadata.tags.java,metadata.tags.payments", token: key)
            == ["payments"])
        #expect(try await client.entityNames("/api/catalog/entities/by-query?filter=kind=component,metadata.tags.GO=TRUE", token: key)
            == ["ledger"])
        #expect(try await client.entityNames("/api/catalog/entities?filter=metadata.tags.java=false", token: key) == [])
        #expect(try await client.entityNames("/api/catalog/entities?filter=spec.providesApis.ledger-api", token: key) == ["ledger"])
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

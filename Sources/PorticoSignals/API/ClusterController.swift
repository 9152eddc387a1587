import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway

/// `/api/signals/clusters`: registering Kubernetes clusters (tokens never come back), the
/// selectors an agent lists by, and the lists it pushes.
struct ClusterController: Sendable {
    static let pushBodyLimit = 16 << 20

    let clusters: ClusterStore
    let sync: ClusterSync

    func addRoutes(to routes: GatewayRouter) {
        let entitlement = SignalsModule.entitlement
        routes.post("/api/signals/clusters", .tenant(.signalsWrite, entitlement: entitlement)) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(ClusterRequest.self, context: context)
            let limit = tenant.entitlements.limit(SignalsModule.maxClusters)
            return try .json(try await clusters.register(body, tenant: tenant.id, limit: limit), status: .created)
        }
        routes.get("/api/signals/clusters", .tenant(.signalsRead, entitlement: entitlement)) { _, context in
            try .json(ClusterList(items: try await clusters.list(tenant: try context.tenantContext().id)))
        }
        routes.delete("/api/signals/clusters/{name}", .tenant(.signalsWrite, entitlement: entitlement)) { _, context in
            let tenant = try context.tenantContext()
            let name = try Self.name(context)
            let removed = try await clusters.delete(named: name, tenant: tenant.id)
            try await sync.clear(cluster: name, entities: removed.entities, tenant: tenant.id)
            return .noContent()
        }
        routes.get("/api/signals/clusters/{name}/selectors", .tenant(.signalsRead, entitlement: entitlement)) { _, context in
            let tenant = try context.tenantContext()
            _ = try await clusters.cluster(named: try Self.name(context), tenant: tenant.id)
            return try .json(SelectorList(items: try await sync.targets(tenant: tenant.id).map {
                SelectorList.Item(entityRef: $0.entityRef, labelSelector: $0.labelSelector)
            }))
        }
        routes.post("/api/signals/clusters/{name}/workloads", .tenant(.signalsWrite, entitlement: entitlement), bodyLimit: Self.pushBodyLimit) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(WorkloadPush.self, context: context)
            let stored = try await sync.push(body.entities, cluster: try Self.name(context), tenant: tenant.id)
            return try .json(WorkloadPush.Outcome(entities: body.entities.count, workloads: stored))
        }
    }

    static func name(_ context: PorticoRequestContext) throws -> String {
        guard let name = context.parameters.get("name"), (1...63).contains(name.count),
              name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw SignalsProblem.clusterNotFound
        }
        return name
    }
}

struct ClusterList: Encodable {
    let items: [Cluster]
}

struct SelectorList: Encodable {
    struct Item: Encodable {
        let entityRef: String
        let labelSelector: String
    }

    let items: [Item]
}

/// `POST /api/signals/clusters/{name}/workloads`: per entity ref, the objects the agent listed
/// with that entity's selector (`items` of each Kubernetes list).
struct WorkloadPush: Decodable {
    struct Outcome: Encodable {
        let entities: Int
        let workloads: Int
    }

    let entities: [String: KubernetesObjects.EntityLists]
}

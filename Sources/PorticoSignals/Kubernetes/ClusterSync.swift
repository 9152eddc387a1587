import Foundation
import PorticoCore

/// Brings a cluster's workloads in step: the entities that name a label selector
/// (`backstage.io/kubernetes-label-selector`, or `backstage.io/kubernetes-id`), their objects
/// listed by Portico (pull) or pushed by the agent (push), stored per entity, and the entities
/// that no longer match cleared.
struct ClusterSync: Sendable {
    let clusters: ClusterStore
    let catalog: any CatalogKnowledge
    let workloads: WorkloadStore
    let lister: KubernetesLister
    let deadline: Duration

    static let maximumEntities = 1_000

    /// An entity with the selector its annotations give.
    struct Target: Sendable, Encodable {
        let entityRef: String
        let labelSelector: String
        let uid: UUID
    }

    func targets(tenant: TenantID) async throws -> [Target] {
        var selectors: [CatalogEntityHandle: String] = [:]
        for annotated in try await catalog.entities(annotated: "backstage.io/kubernetes-id", values: nil, tenant: tenant) {
            selectors[annotated.entity] = "backstage.io/kubernetes-id=\(annotated.value)"
        }
        for annotated in try await catalog.entities(annotated: "backstage.io/kubernetes-label-selector", values: nil, tenant: tenant) {
            selectors[annotated.entity] = annotated.value
        }
        return selectors.map { Target(entityRef: $0.key.ref, labelSelector: $0.value, uid: $0.key.uid) }
            .sorted { $0.entityRef < $1.entityRef }
            .prefix(Self.maximumEntities).map { $0 }
    }

    /// Lists the cluster for every target; a failure (401, a slow answer past the deadline)
    /// is recorded on the cluster and keeps the workloads of the last good listing.
    func pull(_ id: UUID, tenant: TenantID) async throws {
        guard let access = try await clusters.access(id, tenant: tenant) else { return }
        let until = ContinuousClock.now + deadline
        var found: [CatalogEntityHandle: [WorkloadView]] = [:]
        let now = Date()
        do {
            for target in try await targets(tenant: tenant) {
                let lists = try await lister.lists(access, selector: target.labelSelector, until: until)
                found[CatalogEntityHandle(uid: target.uid, ref: target.entityRef)] = WorkloadHealth.workloads(
                    lists, entityRef: target.entityRef, cluster: access.name, observedAt: now)
            }
        } catch let failure as KubernetesLister.Failure {
            try await clusters.recordSync(id, entities: nil, error: failure.description)
            return
        }
        try await store(found, cluster: id, name: access.name, tenant: tenant)
    }

    /// What the agent pushed: each entity's lists, for entities whose selector it was given.
    func push(_ lists: [String: KubernetesObjects.EntityLists], cluster name: String, tenant: TenantID) async throws -> Int {
        let cluster = try await clusters.cluster(named: name, tenant: tenant)
        guard cluster.mode == .push else {
            throw PorticoError.conflict("cluster_is_pulled", "Cluster '\(name)' is listed by Portico; register a push cluster for an agent.")
        }
        let now = Date()
        var found: [CatalogEntityHandle: [WorkloadView]] = [:]
        for target in try await targets(tenant: tenant) {
            guard let entityLists = lists[target.entityRef] else { continue }
            found[CatalogEntityHandle(uid: target.uid, ref: target.entityRef)] = WorkloadHealth.workloads(
                entityLists, entityRef: target.entityRef, cluster: name, observedAt: now)
        }
        try await store(found, cluster: cluster.id, name: name, tenant: tenant)
        return found.values.reduce(0) { $0 + $1.count }
    }

    /// Clears the cluster's workloads of every entity it showed.
    func clear(cluster name: String, entities: [UUID], tenant: TenantID) async throws {
        try await workloads.replace(cluster: name, with: [:], clearing: entities, tenant: tenant)
    }

    private func store(_ found: [CatalogEntityHandle: [WorkloadView]], cluster id: UUID, name: String, tenant: TenantID) async throws {
        let current = Set(found.keys.map(\.uid))
        let gone = try await clusters.syncedEntities(id).filter { !current.contains($0) }
        try await workloads.replace(cluster: name, with: found, clearing: gone, tenant: tenant)
        try await clusters.recordSync(id, entities: current.sorted { $0.uuidString < $1.uuidString }, error: nil)
    }
}

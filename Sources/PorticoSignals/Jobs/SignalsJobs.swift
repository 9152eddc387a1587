import Foundation
import PorticoCore
import PorticoStore

/// Signals' background work: listing clusters and retention.
enum SignalsJobs {
    struct ClusterPayload: TenantScopedPayload {
        let tenantID: TenantID
        let clusterID: UUID
    }

    struct TenantPayload: TenantScopedPayload {
        let tenantID: TenantID
    }

    /// Lists one pulled cluster; its deadline is the module's `clusterTimeoutSeconds` and more.
    static let syncCluster = JobKind<ClusterPayload>("signals.sync-cluster", maxAttempts: 1, deadline: .seconds(330))
    /// Enqueues `syncCluster` for every pulled cluster of every active tenant.
    static let clusterSweep = JobKind<EmptyPayload>("signals.cluster-sweep", maxAttempts: 3)
    static let applyRetention = JobKind<TenantPayload>("signals.apply-retention", maxAttempts: 5)
    /// Enqueues `applyRetention` for every active tenant.
    static let retentionSweep = JobKind<EmptyPayload>("signals.retention-sweep", maxAttempts: 3)
}

import PorticoCore
import PorticoStore

/// AiKA's background work: keeping each tenant's entity knowledge in step with its catalog.
enum AikaJobs {
    struct TenantPayload: TenantScopedPayload {
        let tenantID: TenantID
    }

    static let syncCatalog = JobKind<TenantPayload>("aika.sync-catalog", maxAttempts: 5)
    /// Enqueues `syncCatalog` for every active tenant whose plan includes AiKA.
    static let syncSweep = JobKind<EmptyPayload>("aika.sync-sweep", maxAttempts: 3)
}

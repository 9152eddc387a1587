import PorticoStore

/// Billing's background work.
enum BillingJobs {
    /// The billing run: periods, trials, drafts and dunning due across the fleet.
    static let run = JobKind<EmptyPayload>("billing.run", maxAttempts: 3, deadline: .seconds(600))
    /// Announces the usage thresholds tenants' open periods crossed.
    static let usageThresholds = JobKind<EmptyPayload>("billing.usage-thresholds", maxAttempts: 3, deadline: .seconds(300))
    /// Samples every tenant's catalog size for `catalog.entities`.
    static let sampleEntities = JobKind<EmptyPayload>("billing.sample-entities", maxAttempts: 3, deadline: .seconds(600))
}

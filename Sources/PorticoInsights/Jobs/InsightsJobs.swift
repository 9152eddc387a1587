import PorticoCore
import PorticoStore

/// Insights' background work: rolling events up, merging the rollup's per-user rows, erasing a
/// user's raw events, retention.
enum InsightsJobs {
    struct TenantPayload: TenantScopedPayload {
        let tenantID: TenantID
    }

    struct ErasurePayload: TenantScopedPayload {
        let tenantID: TenantID
        /// Every key the user may be stored under (the pseudonym and the ref).
        let userKeys: [String]
    }

    static let rollup = JobKind<TenantPayload>("insights.rollup", maxAttempts: 20)
    static let mergeRollups = JobKind<TenantPayload>("insights.merge-rollups", maxAttempts: 20)
    static let eraseUserEvents = JobKind<ErasurePayload>("insights.erase-user-events", maxAttempts: 20)
    static let applyRetention = JobKind<TenantPayload>("insights.apply-retention", maxAttempts: 10)
    /// Enqueues `applyRetention` for every tenant that has used Insights.
    static let retentionSweep = JobKind<EmptyPayload>("insights.retention-sweep", maxAttempts: 3)
    static let reportSeats = JobKind<TenantPayload>("insights.report-seats", maxAttempts: 10)
    /// Enqueues `reportSeats` for every tenant that has used Insights, hourly.
    static let seatSweep = JobKind<EmptyPayload>("insights.seat-sweep", maxAttempts: 3)
}

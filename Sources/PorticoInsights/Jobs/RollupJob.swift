import Foundation
import PorticoCore
import PorticoStore

/// Runs a tenant's rollup and reports the events it took as `insights.events` usage, keyed by the
/// run's number. The report comes after the rollup committed, so a crash between the two would
/// lose it: every run therefore repeats the previous run's report first (same key, counted once).
///
/// A run that left committed events behind (a long transaction elsewhere held the horizon back)
/// schedules the next period's run itself, since no new event may come to trigger one. So does a
/// run that finds another still folding (a large backlog): the events that triggered it may have
/// committed after that run's horizon and its last look for leftovers.
///
/// A run after which a merge of the per-user rows is due (`RollupMerge.Policy`) enqueues one, a
/// job of its own: it runs beside the next folds instead of delaying them.
struct RollupJob: Sendable {
    let rollup: EventRollup
    let tenants: any TenantDirectory
    let usage: any UsageRecorder
    let period: Duration
    let mergePolicy: RollupMerge.Policy

    func run(for tenant: TenantID, context: JobContext) async throws {
        guard let snapshot = try await tenants.snapshot(of: tenant), snapshot.status == .active || snapshot.status == .suspended else {
            return
        }
        if let previous = try await rollup.lastRun(of: tenant) {
            try await report(previous, for: tenant)
        }
        guard let run = try await rollup.run(for: tenant) else {
            return try runAgainNextPeriod(for: tenant, context: context)
        }
        try await report(run, for: tenant)
        if run.leftBehind {
            try runAgainNextPeriod(for: tenant, context: context)
        }
        if mergePolicy.isDue(after: run) {
            try context.enqueueAfterSuccess(
                InsightsJobs.mergeRollups, InsightsJobs.TenantPayload(tenantID: tenant), uniqueKey: "insights.merge:\(tenant)")
        }
    }

    private func runAgainNextPeriod(for tenant: TenantID, context: JobContext) throws {
        let next = RollupTrigger.job(for: tenant, at: Date().addingTimeInterval(period.seconds), period: period)
        try context.enqueueAfterSuccess(
            InsightsJobs.rollup, InsightsJobs.TenantPayload(tenantID: tenant), uniqueKey: next.uniqueKey, runAt: next.runAt)
    }

    private func report(_ run: EventRollup.Run, for tenant: TenantID) async throws {
        guard run.events > 0 else { return }
        try await usage.record([UsageRecord(
            tenant: tenant, meter: InsightsModule.eventsMeter, quantity: run.events,
            idempotencyKey: "insights.events:rollup:\(run.number)", occurredAt: run.at)])
    }
}

import PorticoCore

/// Runs a tenant's rollup and reports the events it took as `insights.events` usage, keyed by the
/// run's number. The report comes after the rollup committed, so a crash between the two would
/// lose it: every run therefore repeats the previous run's report first (same key, counted once).
struct RollupJob: Sendable {
    let rollup: EventRollup
    let tenants: any TenantDirectory
    let usage: any UsageRecorder

    func run(for tenant: TenantID) async throws {
        guard let snapshot = try await tenants.snapshot(of: tenant), snapshot.status == .active || snapshot.status == .suspended else {
            return
        }
        if let previous = try await rollup.lastRun(of: tenant) {
            try await report(previous, for: tenant)
        }
        try await report(try await rollup.run(for: tenant), for: tenant)
    }

    private func report(_ run: EventRollup.Run, for tenant: TenantID) async throws {
        guard run.events > 0 else { return }
        try await usage.record([UsageRecord(
            tenant: tenant, meter: InsightsModule.eventsMeter, quantity: run.events,
            idempotencyKey: "insights.events:rollup:\(run.number)", occurredAt: run.at)])
    }
}

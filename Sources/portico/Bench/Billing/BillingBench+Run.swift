import Foundation
import PorticoBilling

/// Part `run`: the fleet and its month of usage loaded with set-based SQL, then the module's own
/// billing run (not dry) against the raw-SQL floor of reading the same usage, then a second run
/// that must find nothing left to do.
extension BillingBench {
    static let runGoalSeconds = 60.0

    func measureRun() async throws {
        let count = sizes.tenants
        let loaded = try await control(
            BillingFleet.create(count: count, group: "run") + [BillingFleet.tenants(group: "run")]
                + BillingFleet.subscriptions(group: "run", clock: BillingFleet.clock)
                + BillingUsageGenerator(requestRecords: sizes.requestRecords).statements(
                    group: "run", from: BillingFleet.periodStart, to: BillingFleet.periodEnd, hours: 30 * 24))
        try await control(["VACUUM (ANALYZE) control.usage_records, control.usage_totals, control.billing_subscriptions, control.tenants"])
        let records = try await scalar("SELECT count(*) FROM control.usage_records")
        let totals = try await scalar("SELECT count(*) FROM control.usage_totals")
        report("run data: \(count) tenants, \(records) usage records, \(totals) daily totals, loaded in \(Self.seconds(loaded))")
        report("run shapes: " + (try await shapeCounts()))

        let floor = try await usageFloor()
        let module = try billing()
        let started = ContinuousClock.now
        let first = try await module.runBilling(dryRun: false)
        let took = ContinuousClock.now - started
        let rate = Double(first.tenantsVisited) / (took.milliseconds / 1000)
        report("run: \(Self.seconds(took)) for \(first.tenantsVisited) tenants = \(String(format: "%.0f", rate)) tenants/s; "
            + "invoices created \(first.invoicesCreated), finalized \(first.invoicesFinalized), trials ended \(first.trialsEnded), "
            + "past due \(first.subscriptionsPastDue), suspended \(first.tenantsSuspended), failures \(first.failures) "
            + "(goal ≤ \(Int(Self.runGoalSeconds)) s: \(took.milliseconds / 1000 <= Self.runGoalSeconds ? "met" : "NOT met"))")
        report("run floor (one set-based SELECT of the same daily totals per tenant and meter): \(Self.seconds(floor.totals)); "
            + "from the records themselves: \(Self.seconds(floor.records)); run / totals floor = \(Self.ratio(took.milliseconds, floor.totals.milliseconds))")

        let againStarted = ContinuousClock.now
        let second = try await module.runBilling(dryRun: false)
        report("second run: \(Self.seconds(ContinuousClock.now - againStarted)), visited \(second.tenantsVisited), "
            + "invoices created \(second.invoicesCreated), finalized \(second.invoicesFinalized) (must be 0 and 0)")
        try await reportInvoices()
    }

    /// How many tenants of each shape the fleet has.
    private func shapeCounts() async throws -> String {
        let fleet = "\(BillingFleet.table) WHERE bench_group = 'run'"
        var parts: [String] = []
        for (label, condition) in [
            ("free", "kind = 'free'"), ("team", "kind = 'team'"), ("enterprise", "kind = 'enterprise'"),
            ("upgraded mid-period", "upgraded"), ("downgrading at period end", "downgrading"), ("late usage for October", "late"),
            ("trial ended", "trialing"), ("canceling", "canceling"), ("overdue", "overdue"), ("taxed", "tax_bp > 0"),
        ] {
            parts.append("\(label) \(try await scalar("SELECT count(*) FROM \(fleet) AND \(condition)"))")
        }
        return parts.joined(separator: ", ")
    }

    /// The floor: one statement summing the billed month's daily totals per tenant and meter (what
    /// billing reads), and the same from the records; each run twice, the second (warm) counted.
    private func usageFloor() async throws -> (totals: Duration, records: Duration) {
        let fleet = "SELECT tenant_id FROM \(BillingFleet.table) WHERE bench_group = 'run'"
        let totals = """
            SELECT count(*) FROM (SELECT tenant_id, meter, sum(quantity), max(peak), sum(records) FROM control.usage_totals
            WHERE tenant_id IN (\(fleet)) AND day >= '2026-11-01' AND day < '2026-12-01' GROUP BY 1, 2) AS per_meter
            """
        let records = """
            SELECT count(*) FROM (SELECT tenant_id, meter, sum(quantity), max(quantity) FROM control.usage_records
            WHERE tenant_id IN (\(fleet)) AND occurred_at >= '\(BillingFleet.periodStart)' AND occurred_at < '\(BillingFleet.periodEnd)'
            GROUP BY 1, 2) AS per_meter
            """
        var timings: [Duration] = []
        for text in [totals, records] {
            try await control([text])
            timings.append(try await control([text]))
        }
        return (timings[0], timings[1])
    }

    /// What the run wrote: invoices of November, their numbers without gaps, adjustment lines.
    private func reportInvoices() async throws {
        let november = "FROM control.billing_invoices WHERE period_start >= '\(BillingFleet.periodStart)' AND number LIKE 'PORTICO-%'"
        let invoices = try await scalar("SELECT count(*) \(november)")
        let highest = try await scalar("SELECT max(substring(number FROM 9)::bigint) \(november)")
        let adjusted = try await scalar("SELECT count(*) \(november) AND lines @> '[{\"kind\": \"adjustment\"}]'")
        let drafts = try await scalar("SELECT count(*) FROM control.billing_invoices WHERE status = 'draft'")
        let total = try await scalar("SELECT sum(total)::bigint \(november)")
        report("invoices of November: \(invoices) numbered (highest number \(highest): \(invoices == highest ? "no gaps" : "GAPS")), "
            + "\(adjusted) with October adjustments, \(drafts) drafts left, totalling \(total) minor units")
    }
}

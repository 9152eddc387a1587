import Metrics

/// What operators watch of billing on `/metrics`: what each run did, how long it took, and the
/// tenants it could not bill (retried by the next run, each logged with its error).
enum BillingMetrics {
    static let invoicesCreated = Counter(label: "portico_billing_invoices_total", dimensions: [("event", "created")])
    static let invoicesFinalized = Counter(label: "portico_billing_invoices_total", dimensions: [("event", "finalized")])
    static let tenantsSuspended = Counter(label: "portico_billing_tenants_suspended_total")
    static let failures = Counter(label: "portico_billing_run_failures_total")
    static let runDuration = Metrics.Timer(label: "portico_billing_run_seconds")

    static func record(_ report: BillingRunReport, took duration: Duration) {
        invoicesCreated.increment(by: report.invoicesCreated)
        invoicesFinalized.increment(by: report.invoicesFinalized)
        tenantsSuspended.increment(by: report.tenantsSuspended)
        failures.increment(by: report.failures)
        runDuration.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

import Metrics

/// What operators watch of Insights on `/metrics`: events by outcome, and how much each rollup took
/// and how far behind it was (the time from its oldest event's arrival to the run), and the per-user
/// rows merges folded together.
enum InsightsMetrics {
    static let accepted = Counter(label: "portico_insights_events_total", dimensions: [("outcome", "accepted")])
    static let duplicates = Counter(label: "portico_insights_events_total", dimensions: [("outcome", "duplicate")])
    static let rejected = Counter(label: "portico_insights_events_total", dimensions: [("outcome", "rejected")])
    static let rolledUp = Counter(label: "portico_insights_rolled_up_events_total")
    static let rollupLag = Metrics.Timer(label: "portico_insights_rollup_lag_seconds")
    static let rowsMerged = Counter(label: "portico_insights_merged_rows_total")

    static func record(_ outcome: IngestionOutcome) {
        accepted.increment(by: outcome.accepted)
        duplicates.increment(by: outcome.duplicates)
        rejected.increment(by: outcome.rejected.count)
    }
}

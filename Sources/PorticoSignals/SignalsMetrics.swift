import Metrics

/// What operators watch of signals on `/metrics`: deliveries by outcome, and how many each
/// tenant's group wrote at once (near 1: deliveries come one by one; high: a burst is grouped).
enum SignalsMetrics {
    static let groupSize = Recorder(label: "portico_signals_delivery_group_size")

    static func delivered(_ status: DeliveryOutcome.Status) {
        Counter(label: "portico_signals_deliveries_total", dimensions: [("outcome", status.rawValue)]).increment()
    }
}

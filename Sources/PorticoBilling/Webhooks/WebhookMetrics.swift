import Metrics

/// What operators watch of webhooks on `/metrics`: attempts by outcome (`succeeded`, `retrying`,
/// `failed` once given up, `refused` by the outbound guard).
enum WebhookMetrics {
    enum Outcome: String {
        case succeeded
        case retrying
        case failed
        case refused
    }

    static func delivery(_ outcome: Outcome) {
        Counter(label: "portico_billing_webhook_deliveries_total", dimensions: [("outcome", outcome.rawValue)]).increment()
    }
}

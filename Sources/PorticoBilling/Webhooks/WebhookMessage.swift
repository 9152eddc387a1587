import Foundation
import PorticoCore

/// The HTTP request of one delivery attempt, per Standard Webhooks: the event's body, its id as
/// `webhook-id` (the same on every attempt and replay, for receivers to deduplicate by), the
/// attempt's time as `webhook-timestamp`, and the signatures of every secret that signs.
enum WebhookMessage {
    static func request(for delivery: WebhookDeliveryStore.Claimed, at now: Date, deadline: Duration) -> OutboundRequest {
        let body = Array(delivery.body.utf8)
        let timestamp = Int(now.timeIntervalSince1970)
        let signature = StandardWebhookSignature.header(id: delivery.eventID, timestamp: timestamp, body: body, secrets: delivery.secrets)
        // Receivers answer with a status; a redirect is an answer that is not a 2xx, not a place to go.
        return OutboundRequest(
            method: .post, url: URL(string: delivery.url) ?? URL(fileURLWithPath: "/"),
            headers: [
                ("Content-Type", "application/json"),
                ("User-Agent", "Portico-Webhooks/1"),
                ("webhook-id", delivery.eventID),
                ("webhook-timestamp", String(timestamp)),
                ("webhook-signature", signature),
            ],
            body: body, deadline: deadline, maximumResponseBytes: 64 << 10, maximumRedirects: 0)
    }
}

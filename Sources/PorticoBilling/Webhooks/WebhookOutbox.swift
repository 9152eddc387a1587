import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoStore
import PostgresNIO

/// Billing's webhook outbox: an event is written in the transaction of the change it announces, so
/// it is delivered if and only if the change committed. The delivery job sends it afterwards.
enum WebhookOutbox {
    /// The delivered body, as Standard Webhooks recommends.
    private struct Envelope<Payload: Encodable>: Encodable {
        let type: String
        let timestamp: Date
        let data: Payload
    }

    /// Writes the event and one pending delivery per endpoint of the tenant subscribed to its type,
    /// in the caller's transaction (on a control-schema connection). `at` is when the change
    /// happened on the tenant's clock: the body's `timestamp` and the time replays select by. The
    /// deliveries are due at once and retried for 3 days from now (the wall clock).
    static func publish(
        _ type: WebhookEventType, data: some Encodable & Sendable, tenant: TenantID, at: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let id = newEventID()
        let body = String(decoding: try JSONEncoder.portico.encode(Envelope(type: type.rawValue, timestamp: at, data: data)), as: UTF8.self)
        let now = Date()
        // One statement for the event and its deliveries: a billing run publishes a few events
        // per tenant, each a round trip.
        try await connection.execute("""
            WITH event AS (
                INSERT INTO control.billing_webhook_events (id, tenant_id, type, body, created_at)
                VALUES (\(id), \(tenant.uuid), \(type.rawValue), \(body)::json, \(at))
                RETURNING id
            )
            INSERT INTO control.billing_webhook_deliveries (id, tenant_id, event_id, endpoint_id, status, next_attempt_at, created_at)
            SELECT gen_random_uuid(), e.tenant_id, event.id, e.id, 'pending', \(now), \(now)
            FROM event, control.billing_webhook_endpoints e
            WHERE e.tenant_id = \(tenant.uuid) AND \(type.rawValue) = ANY (e.event_types)
            """, logger: logger)
        logger.debug("webhook event published", metadata: ["event_id": "\(id)", "event_type": "\(type.rawValue)"])
    }

    /// `msg_` and 128 random bits: the `webhook-id` receivers deduplicate by.
    static func newEventID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "msg_" + (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexEncoded
    }
}

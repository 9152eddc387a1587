import Foundation
import PorticoCore
import PorticoStore
import PostgresNIO

/// `control.billing_webhook_deliveries`: claiming due attempts, recording their outcomes, and the
/// delivery log and replays an endpoint's tenant sees.
struct WebhookDeliveryStore: Sendable {
    /// A delivery claimed for one attempt, with what it takes to send it.
    struct Claimed: Sendable {
        let id: UUID
        let tenant: TenantID
        let eventID: String
        let body: String
        let url: String
        let secrets: [WebhookSecret]
        /// This attempt's number, from 1.
        let attempt: Int
        let createdAt: Date
    }

    let database: Database

    /// Claims up to `limit` due deliveries, at most `perTenant` of any tenant, tenants with the
    /// oldest due delivery first: one tenant's backlog (or slow endpoints) cannot starve the
    /// others. A claimed delivery stays pending but is not due again until `leasedUntil`, so two
    /// workers never send the same attempt and one that dies mid-attempt leaves it to be retried.
    /// The claim commits before anything is sent.
    func claimDue(at now: Date, leasedUntil: Date, perTenant: Int, limit: Int) async throws -> [Claimed] {
        let rows = try await database.query("""
            WITH tenants AS (
                SELECT tenant_id, min(next_attempt_at) AS oldest FROM control.billing_webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= \(now)
                GROUP BY tenant_id ORDER BY oldest LIMIT \(limit)
            ), chosen AS (
                SELECT due.id FROM tenants CROSS JOIN LATERAL (
                    SELECT d.id FROM control.billing_webhook_deliveries d
                    WHERE d.tenant_id = tenants.tenant_id AND d.status = 'pending' AND d.next_attempt_at <= \(now)
                    ORDER BY d.next_attempt_at LIMIT \(perTenant)
                    FOR UPDATE SKIP LOCKED
                ) due
                LIMIT \(limit)
            )
            UPDATE control.billing_webhook_deliveries d
            SET next_attempt_at = \(leasedUntil), attempts = d.attempts + 1
            FROM chosen, control.billing_webhook_endpoints e, control.billing_webhook_events v
            WHERE d.id = chosen.id AND e.id = d.endpoint_id AND v.id = d.event_id
            RETURNING d.id, d.tenant_id, d.event_id, v.body::text, e.url, e.secret,
                      CASE WHEN e.previous_secret_until > \(now) THEN e.previous_secret END, d.attempts, d.created_at
            """)
        var claimed: [Claimed] = []
        for try await row in rows.decode((UUID, UUID, String, String, String, String, String?, Int, Date).self) {
            claimed.append(Claimed(
                id: row.0, tenant: TenantID(row.1), eventID: row.2, body: row.3, url: row.4,
                secrets: [WebhookSecret(text: row.5)] + (row.6.map { [WebhookSecret(text: $0)] } ?? []),
                attempt: row.7, createdAt: row.8))
        }
        return claimed
    }

    func recordSuccess(of id: UUID, statusCode: Int, at now: Date) async throws {
        try await database.query("""
            UPDATE control.billing_webhook_deliveries
            SET status = 'succeeded', next_attempt_at = NULL, last_status_code = \(statusCode), last_error = NULL, delivered_at = \(now)
            WHERE id = \(id) AND status = 'pending'
            """)
    }

    /// A failed attempt: due again at `nextAttempt`, or failed for good when that is nil.
    func recordFailure(of id: UUID, statusCode: Int?, error: String, nextAttempt: Date?) async throws {
        let status: WebhookDeliveryStatus = nextAttempt == nil ? .failed : .pending
        try await database.query("""
            UPDATE control.billing_webhook_deliveries
            SET status = \(status.rawValue), next_attempt_at = \(nextAttempt), last_status_code = \(statusCode), last_error = \(error)
            WHERE id = \(id) AND status = 'pending'
            """)
    }

    /// The endpoint's deliveries, newest first; empty for another tenant's endpoint.
    func deliveries(to endpoint: UUID, for tenant: TenantID, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await database.query("""
            SELECT d.id, d.event_id, v.type, d.status, d.attempts, d.last_status_code, d.last_error,
                   d.next_attempt_at, d.delivered_at, d.created_at
            FROM control.billing_webhook_deliveries d JOIN control.billing_webhook_events v ON v.id = d.event_id
            WHERE d.endpoint_id = \(endpoint) AND d.tenant_id = \(tenant.uuid)
            ORDER BY d.created_at DESC, d.id DESC LIMIT \(limit)
            """)
        var deliveries: [WebhookDelivery] = []
        for try await row in rows.decode((UUID, String, String, String, Int, Int?, String?, Date?, Date?, Date).self) {
            deliveries.append(WebhookDelivery(
                id: row.0, eventId: row.1, eventType: row.2, status: WebhookDeliveryStatus(rawValue: row.3) ?? .pending,
                attempts: row.4, lastStatusCode: row.5, lastError: row.6, nextAttemptAt: row.7, deliveredAt: row.8, createdAt: row.9))
        }
        return deliveries
    }
}

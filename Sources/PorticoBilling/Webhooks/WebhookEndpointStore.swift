import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// `control.billing_webhook_endpoints`: a tenant's endpoints and their secrets. Every statement is
/// bound to the tenant, so another tenant's endpoint id finds nothing.
struct WebhookEndpointStore: Sendable {
    static let maximumEndpointsPerTenant = 20
    /// How long the secret replaced by a rotation still signs, beside the new one.
    static let previousSecretOverlap: TimeInterval = 24 * 3_600

    let database: Database

    func create(url: String, events: [WebhookEventType], for tenant: TenantID, at now: Date) async throws -> CreatedWebhookEndpoint {
        let id = UUID()
        let secret = WebhookSecret.generate()
        let types = events.map(\.rawValue)
        try await database.withTransaction { connection in
            // Creations of one tenant take turns, so the cap holds under concurrency.
            try await connection.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended('billing.webhooks:' || \(tenant.description), 0))", logger: database.logger)
            let rows = try await connection.checkedQuery(
                "SELECT count(*)::int FROM control.billing_webhook_endpoints WHERE tenant_id = \(tenant.uuid)", logger: database.logger)
            for try await count in rows.decode(Int.self) where count >= Self.maximumEndpointsPerTenant {
                throw PorticoError.conflict(
                    "webhook_endpoint_limit_reached",
                    "A tenant may have at most \(Self.maximumEndpointsPerTenant) webhook endpoints; delete one first.")
            }
            try await connection.execute("""
                INSERT INTO control.billing_webhook_endpoints (id, tenant_id, url, event_types, secret, created_at, updated_at)
                VALUES (\(id), \(tenant.uuid), \(url), \(types), \(secret.text), \(now), \(now))
                """, logger: database.logger)
        }
        return CreatedWebhookEndpoint(id: id, url: url, events: events, secret: secret.text, createdAt: now)
    }

    func list(for tenant: TenantID) async throws -> [WebhookEndpoint] {
        try await decode(database.query("""
            SELECT id, url, event_types, created_at, updated_at FROM control.billing_webhook_endpoints
            WHERE tenant_id = \(tenant.uuid) ORDER BY created_at, id
            """))
    }

    func endpoint(_ id: UUID, for tenant: TenantID) async throws -> WebhookEndpoint? {
        try await decode(database.query("""
            SELECT id, url, event_types, created_at, updated_at FROM control.billing_webhook_endpoints
            WHERE id = \(id) AND tenant_id = \(tenant.uuid)
            """)).first
    }

    /// False when the tenant has no such endpoint. Its deliveries go with it.
    func delete(_ id: UUID, for tenant: TenantID) async throws -> Bool {
        let rows = try await database.query(
            "DELETE FROM control.billing_webhook_endpoints WHERE id = \(id) AND tenant_id = \(tenant.uuid) RETURNING id")
        for try await _ in rows { return true }
        return false
    }

    /// A new secret for the endpoint; the current one keeps signing for `previousSecretOverlap`.
    /// Nil when the tenant has no such endpoint.
    func rotateSecret(of id: UUID, for tenant: TenantID, at now: Date) async throws -> RotatedWebhookSecret? {
        let secret = WebhookSecret.generate()
        let until = now.addingTimeInterval(Self.previousSecretOverlap)
        let rows = try await database.query("""
            UPDATE control.billing_webhook_endpoints
            SET previous_secret = secret, previous_secret_until = \(until), secret = \(secret.text), updated_at = \(now)
            WHERE id = \(id) AND tenant_id = \(tenant.uuid) RETURNING id
            """)
        for try await _ in rows { return RotatedWebhookSecret(secret: secret.text, previousSecretExpiresAt: until) }
        return nil
    }

    private func decode(_ rows: PostgresRowSequence) async throws -> [WebhookEndpoint] {
        var endpoints: [WebhookEndpoint] = []
        for try await (id, url, types, createdAt, updatedAt) in rows.decode((UUID, String, [String], Date, Date).self) {
            endpoints.append(WebhookEndpoint(
                id: id, url: url, events: types.compactMap(WebhookEventType.init(rawValue:)), createdAt: createdAt, updatedAt: updatedAt))
        }
        return endpoints
    }
}

import Foundation
import PorticoCore
import PorticoStore
import PostgresNIO

extension WebhookDeliveryStore {
    /// Which events a replay sends again.
    enum ReplaySelection: Sendable, Equatable {
        case event(String)
        /// Events that happened from `from` up to, not including, `to`.
        case range(from: Date, to: Date)
    }

    static let maximumReplayedEvents = 1_000

    /// New pending deliveries of the selected events, of the types the endpoint subscribes to, to
    /// that endpoint: the same event ids (so the same `webhook-id`), retried for 3 days from now.
    /// Throws a 404 for an event the tenant does not have, a 422 for one the endpoint does not
    /// subscribe to or a range holding more than `maximumReplayedEvents`.
    func replay(_ selection: ReplaySelection, to endpoint: WebhookEndpoint, for tenant: TenantID, at now: Date) async throws -> Int {
        let types = endpoint.events.map(\.rawValue)
        return try await database.withTransaction { connection in
            let inserted: PostgresRowSequence
            switch selection {
            case .event(let id):
                let rows = try await connection.checkedQuery(
                    "SELECT type FROM control.billing_webhook_events WHERE id = \(id) AND tenant_id = \(tenant.uuid)", logger: database.logger)
                var found: String?
                for try await type in rows.decode(String.self) { found = type }
                guard let found else { throw PorticoError.notFound("No webhook event \(id) was found.") }
                guard types.contains(found) else {
                    throw PorticoError.validation("The endpoint does not subscribe to '\(found)', the type of event \(id).", field: "eventId")
                }
                inserted = try await connection.checkedQuery("""
                    INSERT INTO control.billing_webhook_deliveries (id, tenant_id, event_id, endpoint_id, status, next_attempt_at, created_at)
                    VALUES (\(UUID()), \(tenant.uuid), \(id), \(endpoint.id), 'pending', \(now), \(now))
                    RETURNING id
                    """, logger: database.logger)
            case .range(let from, let to):
                let rows = try await connection.checkedQuery("""
                    SELECT count(*)::int FROM control.billing_webhook_events
                    WHERE tenant_id = \(tenant.uuid) AND created_at >= \(from) AND created_at < \(to) AND type = ANY (\(types))
                    """, logger: database.logger)
                for try await count in rows.decode(Int.self) where count > Self.maximumReplayedEvents {
                    throw PorticoError.validation(
                        "The range holds \(count) events; replay at most \(Self.maximumReplayedEvents) at once.", field: "from")
                }
                inserted = try await connection.checkedQuery("""
                    INSERT INTO control.billing_webhook_deliveries (id, tenant_id, event_id, endpoint_id, status, next_attempt_at, created_at)
                    SELECT gen_random_uuid(), tenant_id, id, \(endpoint.id), 'pending', \(now), \(now)
                    FROM control.billing_webhook_events
                    WHERE tenant_id = \(tenant.uuid) AND created_at >= \(from) AND created_at < \(to) AND type = ANY (\(types))
                    RETURNING id
                    """, logger: database.logger)
            }
            var replayed = 0
            for try await _ in inserted { replayed += 1 }
            return replayed
        }
    }
}

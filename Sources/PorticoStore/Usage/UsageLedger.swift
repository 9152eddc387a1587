import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// The usage port over `control.usage_records`: one statement per batch, records seen before
/// (same tenant, meter and idempotency key) ignored.
public struct UsageLedger: UsageRecorder {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func record(_ records: [UsageRecord]) async throws {
        guard !records.isEmpty else { return }
        try await database.withConnection { connection in
            try await Self.record(records, on: connection, logger: database.logger)
        }
    }

    /// Records usage inside the caller's transaction, so it counts exactly when the work it
    /// measures commits: a control-schema transaction (a tenant transaction runs as the tenant's
    /// role, which cannot write `control`).
    public static func record(_ records: [UsageRecord], on connection: PostgresConnection, logger: Logger) async throws {
        guard !records.isEmpty else { return }
        let recordedAt = Date()
        try await connection.execute("""
            INSERT INTO control.usage_records (tenant_id, meter, idempotency_key, dimension, quantity, occurred_at, recorded_at)
            SELECT tenant_id, meter, idempotency_key, dimension, quantity, occurred_at, \(recordedAt)
            FROM unnest(\(records.map(\.tenant.uuid)), \(records.map(\.meter.name)), \(records.map(\.idempotencyKey)),
                        \(records.map(\.dimension)), \(records.map(\.quantity)), \(records.map(\.occurredAt)))
                 AS batch(tenant_id, meter, idempotency_key, dimension, quantity, occurred_at)
            ON CONFLICT (tenant_id, meter, idempotency_key) DO NOTHING
            """, logger: logger)
    }
}

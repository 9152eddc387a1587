import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// The usage port over `control.usage_records` and its daily totals: one statement per batch,
/// records seen before (same tenant, meter and idempotency key) ignored.
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

    /// How far back usage may have happened and still count (by the tenant's clock).
    public static let lateUsageWindow: TimeInterval = 35 * 86_400

    /// Records usage inside the caller's transaction, so it counts exactly when the work it
    /// measures commits: a control-schema transaction (a tenant transaction runs as the tenant's
    /// role, which cannot write `control`).
    ///
    /// In the same statement, the records not seen before are added to their day's total, so the
    /// totals always equal the records. A tenant on a test clock has its records stamped at the
    /// clock's time (shifted back by however long ago they happened); records older than the late
    /// usage window are not taken. Usage less than a minute old counts as happening at the clock's
    /// time itself (the delay is the report's, not the usage's). Totals are upserted in key order, so concurrent reports for
    /// the same tenants cannot deadlock.
    public static func record(_ records: [UsageRecord], on connection: PostgresConnection, logger: Logger) async throws {
        guard !records.isEmpty else { return }
        let recordedAt = Date()
        let window = lateUsageWindow
        try await connection.execute("""
            WITH batch AS (
                SELECT b.tenant_id, b.meter, b.idempotency_key, b.dimension, b.quantity,
                       CASE WHEN c.frozen_at IS NULL THEN b.occurred_at
                            WHEN \(recordedAt)::timestamptz - b.occurred_at < interval '1 minute' THEN c.frozen_at
                            ELSE c.frozen_at - (\(recordedAt)::timestamptz - b.occurred_at) END AS occurred_at,
                       coalesce(c.frozen_at, \(recordedAt)::timestamptz) AS tenant_now
                FROM unnest(\(records.map(\.tenant.uuid)), \(records.map(\.meter.name)), \(records.map(\.idempotencyKey)),
                            \(records.map(\.dimension)), \(records.map(\.quantity)), \(records.map(\.occurredAt)))
                     AS b(tenant_id, meter, idempotency_key, dimension, quantity, occurred_at)
                LEFT JOIN control.tenant_clocks c ON c.tenant_id = b.tenant_id
            ), inserted AS (
                INSERT INTO control.usage_records (tenant_id, meter, idempotency_key, dimension, quantity, occurred_at, recorded_at)
                SELECT tenant_id, meter, idempotency_key, dimension, quantity, occurred_at, \(recordedAt)
                FROM batch WHERE occurred_at >= tenant_now - make_interval(secs => \(window))
                ON CONFLICT (tenant_id, meter, idempotency_key) DO NOTHING
                RETURNING tenant_id, meter, dimension, occurred_at, quantity
            )
            INSERT INTO control.usage_totals AS t (tenant_id, meter, dimension, day, quantity, peak, records)
            SELECT tenant_id, meter, dimension, (occurred_at AT TIME ZONE 'UTC')::date, sum(quantity), max(quantity), count(*)
            FROM inserted
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 4, 3
            ON CONFLICT (tenant_id, meter, day, dimension) DO UPDATE
            SET quantity = t.quantity + excluded.quantity, peak = greatest(t.peak, excluded.peak), records = t.records + excluded.records
            """, logger: logger)
    }
}

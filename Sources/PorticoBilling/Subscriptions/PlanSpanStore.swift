import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// A stretch of time a tenant spent on one plan version: what base fees are prorated over.
struct StoredPlanSpan: Sendable, Equatable {
    let start: Date
    let end: Date?
    let plan: PlanID
    let version: Int
    let trial: Bool
}

/// `control.billing_plan_spans`: one open span per tenant, closed when its plan changes.
enum PlanSpanStore {
    /// Closes the open span at `at` and opens the next one there.
    static func switchTo(
        _ plan: PlanID, version: Int, trial: Bool, at: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.checkedQuery("""
            UPDATE control.billing_plan_spans SET ended_at = greatest(started_at, \(at))
            WHERE tenant_id = \(tenant.uuid) AND ended_at IS NULL
            """, logger: logger)
        try await open(plan, version: version, trial: trial, at: at, tenant: tenant, on: connection, logger: logger)
    }

    static func open(
        _ plan: PlanID, version: Int, trial: Bool, at: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger
    ) async throws {
        // A change at the very instant another began replaces it (it lasted no time).
        try await connection.checkedQuery("""
            INSERT INTO control.billing_plan_spans (tenant_id, started_at, ended_at, plan, plan_version, trial)
            VALUES (\(tenant.uuid), \(at), NULL, \(plan.id), \(version), \(trial))
            ON CONFLICT (tenant_id, started_at) DO UPDATE
            SET ended_at = NULL, plan = excluded.plan, plan_version = excluded.plan_version, trial = excluded.trial
            """, logger: logger)
    }

    /// Closes the open span (a cancellation at once) without opening another.
    static func close(at: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.checkedQuery("""
            UPDATE control.billing_plan_spans SET ended_at = greatest(started_at, \(at))
            WHERE tenant_id = \(tenant.uuid) AND ended_at IS NULL
            """, logger: logger)
    }

    /// The spans overlapping `[start, end)`, oldest first.
    static func spans(
        overlapping start: Date, _ end: Date, tenant: TenantID, on connection: PostgresConnection, logger: Logger
    ) async throws -> [StoredPlanSpan] {
        var spans: [StoredPlanSpan] = []
        for try await (started, ended, plan, version, trial) in try await connection.checkedQuery("""
            SELECT started_at, ended_at, plan, plan_version, trial FROM control.billing_plan_spans
            WHERE tenant_id = \(tenant.uuid) AND started_at < \(end) AND (ended_at IS NULL OR ended_at > \(start))
            ORDER BY started_at
            """, logger: logger).decode((Date, Date?, String, Int, Bool).self) {
            spans.append(StoredPlanSpan(start: started, end: ended, plan: PlanID(plan), version: version, trial: trial))
        }
        return spans
    }
}

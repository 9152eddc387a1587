import Foundation
import PorticoCore
import PorticoStore

/// Deletes what is past the tenant's plan: runs after `signalsRunRetentionDays`, daily CI totals
/// and cost after `signalsRollupRetentionDays`. Each scope's old rows are one range of the key;
/// the scopes are found by skipping through the key (a loose index scan), not by reading rows.
struct SignalsRetention: Sendable {
    let database: Database

    func apply(for tenant: TenantID, entitlements: Entitlements, now: Date = Date()) async throws {
        let runCutoff = now.addingTimeInterval(-86_400 * Double(entitlements.limit(SignalsModule.runRetentionDays)))
        let rollupCutoff = now.addingTimeInterval(-86_400 * Double(entitlements.limit(SignalsModule.rollupRetentionDays)))
        let deliveryCutoff = UTCDays.start(of: now).addingTimeInterval(-86_400 * Double(RunStore.deliveryDays))
        let logger = database.logger
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute("""
                DELETE FROM signals WHERE scope = \(SignalScope.deliveries) AND part = \(SignalPart.delivery.rawValue) AND at < \(deliveryCutoff)
                """, logger: logger)
            try await connection.execute("""
                WITH RECURSIVE scopes(scope) AS (
                    (SELECT scope FROM signals ORDER BY scope LIMIT 1)
                    UNION ALL
                    SELECT (SELECT s.scope FROM signals s WHERE s.scope > scopes.scope ORDER BY s.scope LIMIT 1)
                    FROM scopes WHERE scopes.scope IS NOT NULL
                )
                DELETE FROM signals d USING scopes
                WHERE d.scope = scopes.scope
                  AND ((d.part = \(SignalPart.run.rawValue) AND d.at < \(runCutoff))
                    OR (d.part IN (\(SignalPart.ciDay.rawValue), \(SignalPart.cost.rawValue), \(SignalPart.costKey.rawValue)) AND d.at < \(rollupCutoff)))
                """, logger: logger)
        }
    }
}

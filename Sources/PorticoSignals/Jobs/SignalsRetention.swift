import Foundation
import PorticoCore
import PorticoStore

/// Deletes what is past the tenant's plan: runs after `signalsRunRetentionDays`, daily CI totals
/// and cost after `signalsRollupRetentionDays`, delivery ids after `RunStore.deliveryDays`. Each
/// scope's old rows are one range of the key; the scopes are found by skipping through the key (a
/// loose index scan), `scopesPerBatch` at a time, each batch its own short transaction.
struct SignalsRetention: Sendable {
    let database: Database

    static let scopesPerBatch = 500

    func apply(for tenant: TenantID, entitlements: Entitlements, now: Date = Date()) async throws {
        let runCutoff = now.addingTimeInterval(-86_400 * Double(entitlements.limit(SignalsModule.runRetentionDays)))
        let rollupCutoff = now.addingTimeInterval(-86_400 * Double(entitlements.limit(SignalsModule.rollupRetentionDays)))
        let deliveryCutoff = UTCDays.start(of: now).addingTimeInterval(-86_400 * Double(RunStore.deliveryDays))
        let logger = database.logger
        var after = ""
        while true {
            let last: String? = try await database.withTenantTransaction(tenant) { connection in
                let rows = try await connection.checkedQuery("""
                    WITH RECURSIVE scopes(scope, n) AS (
                        (SELECT scope, 1 FROM signals WHERE scope > \(after) ORDER BY scope LIMIT 1)
                        UNION ALL
                        SELECT (SELECT s.scope FROM signals s WHERE s.scope > scopes.scope ORDER BY s.scope LIMIT 1), scopes.n + 1
                        FROM scopes WHERE scopes.scope IS NOT NULL AND scopes.n < \(Self.scopesPerBatch)
                    ), gone AS (
                        DELETE FROM signals d USING scopes
                        WHERE d.scope = scopes.scope
                          AND ((d.part = \(SignalPart.run.rawValue) AND d.at < \(runCutoff))
                            OR (d.part IN (\(SignalPart.ciDay.rawValue), \(SignalPart.cost.rawValue), \(SignalPart.costKey.rawValue))
                                AND d.at < \(rollupCutoff))
                            OR (d.part = \(SignalPart.delivery.rawValue) AND d.at < \(deliveryCutoff)))
                        RETURNING 1
                    )
                    SELECT max(scope), (SELECT count(*) FROM gone)::int FROM scopes
                    """, logger: logger)
                for try await (last, _) in rows.decode((String?, Int).self) { return last }
                return nil
            }
            guard let last else { return }
            after = last
        }
    }
}

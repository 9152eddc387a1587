import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Replaces what one cluster shows of entities: their `workload` rows under the cluster's key
/// prefix, and their `~failing` rows for crash-looping workloads (the `since` of a workload that
/// was already red is kept).
struct WorkloadStore: Sendable {
    let database: Database

    func replace(cluster: String, with workloads: [CatalogEntityHandle: [WorkloadView]], clearing gone: [UUID], tenant: TenantID) async throws {
        let logger = database.logger
        let now = Date()
        try await database.withTenantTransaction(tenant) { connection in
            for uid in gone {
                try await Self.clear(SignalScope.entity(uid), cluster: cluster, on: connection, logger: logger)
            }
            for (entity, views) in workloads.sorted(by: { $0.key.ref < $1.key.ref }) {
                let scope = SignalScope.entity(entity.uid)
                let red = Dictionary(uniqueKeysWithValues: views.filter(\.isCrashLooping).map { view in
                    (SignalKey.join(scope, "workload", cluster, view.namespace, view.kind, view.name), view)
                })
                let kept = try await Self.clear(scope, cluster: cluster, keepingFailing: Array(red.keys), on: connection, logger: logger)
                let keys = views.map { SignalKey.join(cluster, $0.namespace, $0.kind, $0.name) }
                let bodies = try views.map { try SignalJSON.text($0) }
                try await connection.execute("""
                    INSERT INTO signals (scope, part, at, key, body)
                    SELECT \(scope), \(SignalPart.workload.rawValue), \(SignalKey.epoch), k, b::jsonb FROM unnest(\(keys)::text[], \(bodies)::text[]) AS t(k, b)
                    ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
                    """, logger: logger)
                let newRed = red.filter { !kept.contains($0.key) }
                let failingKeys = Array(newRed.keys)
                let failingBodies = try failingKeys.map { key in
                    let view = newRed[key]!
                    let item = FailingList.Item(
                        entityRef: entity.ref, source: "workload",
                        detail: "\(view.kind) \(view.namespace)/\(view.name) on \(cluster): \(view.problems.joined(separator: ", "))",
                        since: now, url: nil)
                    return try SignalJSON.text(item)
                }
                try await connection.execute("""
                    INSERT INTO signals (scope, part, at, key, body)
                    SELECT \(SignalScope.failing), \(SignalPart.failing.rawValue), \(SignalKey.epoch), k, b::jsonb
                    FROM unnest(\(failingKeys)::text[], \(failingBodies)::text[]) AS t(k, b)
                    ON CONFLICT (scope, part, at, key) DO NOTHING
                    """, logger: logger)
            }
        }
    }

    /// Deletes the scope's workloads of the cluster and its failing rows of the cluster except
    /// `keepingFailing`, which it returns as found.
    @discardableResult
    private static func clear(
        _ scope: String, cluster: String, keepingFailing: [String] = [], on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<String> {
        let workloads = SignalKey.range(under: cluster)
        try await connection.execute("""
            DELETE FROM signals WHERE scope = \(scope) AND part = \(SignalPart.workload.rawValue) AND at = \(SignalKey.epoch)
                AND key >= \(workloads.lower) AND key < \(workloads.upper)
            """, logger: logger)
        let failing = SignalKey.range(under: SignalKey.join(scope, "workload", cluster))
        try await connection.execute("""
            DELETE FROM signals WHERE scope = \(SignalScope.failing) AND part = \(SignalPart.failing.rawValue) AND at = \(SignalKey.epoch)
                AND key >= \(failing.lower) AND key < \(failing.upper) AND key <> ALL(\(keepingFailing))
            """, logger: logger)
        var kept = Set<String>()
        for try await key in try await connection.checkedQuery("""
            SELECT key FROM signals WHERE scope = \(SignalScope.failing) AND part = \(SignalPart.failing.rawValue) AND at = \(SignalKey.epoch)
                AND key = ANY(\(keepingFailing))
            """, logger: logger).decode(String.self) {
            kept.insert(key)
        }
        return kept
    }
}

import Foundation
import Logging
import PostgresNIO

extension JobQueue {
    /// Runs `update`, an `UPDATE control.jobs … RETURNING id, rerun_at IS NOT NULL` that takes jobs
    /// out of `running`, then enqueues the runs asked for meanwhile of the jobs it took, in the
    /// caller's transaction (only those: most jobs have none, and pay no statement for it).
    /// Returns the ids of the jobs the update took.
    static func leaveRunning(_ update: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        var taken: [Int64] = [], asked: [Int64] = []
        for try await (id, rerun) in try await connection.checkedQuery(update, logger: logger).decode((Int64, Bool).self) {
            taken.append(id)
            if rerun { asked.append(id) }
        }
        for id in asked {
            try await enqueueRequestedRerun(of: id, on: connection, logger: logger)
        }
        return taken
    }

    /// The run `enqueueOrAdvance` asked for while a job was running, once the job has left that
    /// state (succeeded, failed, given back or recovered). The job itself, when it is pending again,
    /// already holds the unique key and stands for it.
    private static func enqueueRequestedRerun(of job: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.checkedQuery("""
            WITH asked AS (
                UPDATE control.jobs job SET rerun_at = NULL
                FROM control.jobs before
                WHERE job.id = \(job) AND before.id = job.id AND job.rerun_at IS NOT NULL AND job.state <> 'running'
                RETURNING job.kind, job.payload, job.max_attempts, job.start_over_seconds, job.tenant_id, job.unique_key,
                          before.rerun_at AS run_at
            )
            INSERT INTO control.jobs (kind, payload, max_attempts, start_over_seconds, tenant_id, unique_key, run_at)
            SELECT kind, payload, max_attempts, start_over_seconds, tenant_id, unique_key, run_at FROM asked
            ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('pending', 'running') DO NOTHING
            RETURNING kind
            """, logger: logger)
        for try await kind in rows.decode(String.self) {
            try await connection.checkedQuery("SELECT pg_notify(\(wakeUpChannel), \(kind))", logger: logger)
        }
    }

    /// Makes sure a job with `uniqueKey` starts no later than `runAt` (a manual refresh of a
    /// scheduled one, say): a pending one is moved earlier; a running one, which may have read its
    /// input before the caller's change, is followed by another run; otherwise a new one is enqueued.
    public func enqueueOrAdvance<Payload>(
        _ kind: JobKind<Payload>, _ payload: Payload, uniqueKey: String, runAt: Date = Date()
    ) async throws {
        // Each step runs in a snapshot of its own: a job that finishes between two steps is found
        // in its new state by the next round.
        for _ in 0..<3 {
            let done = try await database.withTransaction { connection in
                if try await Self.advancePending(uniqueKey, to: runAt, on: connection, logger: database.logger) {
                    try await connection.checkedQuery("SELECT pg_notify(\(Self.wakeUpChannel), \(kind.name))", logger: database.logger)
                    return true
                }
                if try await Self.enqueue(kind, payload, uniqueKey: uniqueKey, runAt: runAt, on: connection, logger: database.logger) != nil {
                    return true
                }
                return try await Self.askRunningForRerun(uniqueKey, at: runAt, on: connection, logger: database.logger)
            }
            if done { return }
        }
        throw JobQueueError.uniqueJobKeptChanging(uniqueKey)
    }

    private static func advancePending(_ uniqueKey: String, to runAt: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.checkedQuery("""
            UPDATE control.jobs SET run_at = least(run_at, \(runAt)), updated_at = now()
            WHERE unique_key = \(uniqueKey) AND state = 'pending'
            RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    private static func askRunningForRerun(_ uniqueKey: String, at runAt: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.checkedQuery("""
            UPDATE control.jobs SET rerun_at = least(coalesce(rerun_at, \(runAt)), \(runAt)), updated_at = now()
            WHERE unique_key = \(uniqueKey) AND state = 'running'
            RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}

enum JobQueueError: Error, CustomStringConvertible {
    case uniqueJobKeptChanging(String)

    var description: String {
        switch self {
        case .uniqueJobKeptChanging(let key): "The job \(key) changed state on every attempt to schedule it; try again."
        }
    }
}

import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL job queue behind every background task. Jobs are rows in `control.jobs`;
/// enqueueing joins the caller's transaction, workers claim with `FOR UPDATE SKIP LOCKED` and hold
/// a lease they keep renewing, so a crashed worker's jobs go back to the queue when it expires.
public struct JobQueue: Sendable {
    public static let wakeUpChannel = "portico_jobs"

    let database: Database
    public let retryPolicy: RetryPolicy

    public init(database: Database, retryPolicy: RetryPolicy = RetryPolicy()) {
        self.database = database
        self.retryPolicy = retryPolicy
    }

    /// Adds a job as part of the caller's transaction; it becomes visible when that commits.
    /// With a `uniqueKey`, a second job with the same key is not added while the first is pending
    /// or running; the returned id is nil then.
    @discardableResult
    public static func enqueue<Payload>(
        _ kind: JobKind<Payload>, _ payload: Payload, uniqueKey: String? = nil, runAt: Date? = nil,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64? {
        try await insert(NewJob(kind, payload, uniqueKey: uniqueKey, runAt: runAt), on: connection, logger: logger)
    }

    @discardableResult
    static func insert(_ job: NewJob, on connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        let rows = try await connection.checkedQuery("""
            INSERT INTO control.jobs (kind, payload, max_attempts, start_over_seconds, tenant_id, unique_key, run_at)
            VALUES (\(job.name), \(job.payloadJSON)::jsonb, \(job.maxAttempts), \(job.startOverAfter?.seconds),
                    \(job.tenant?.uuid), \(job.uniqueKey), coalesce(\(job.runAt), now()))
            ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('pending', 'running') DO NOTHING
            RETURNING id
            """, logger: logger)
        var id: Int64?
        for try await value in rows.decode(Int64.self) { id = value }
        if id != nil {
            try await connection.checkedQuery("SELECT pg_notify(\(wakeUpChannel), \(job.name))", logger: logger)
        }
        return id
    }

    /// Enqueues in a transaction of its own.
    @discardableResult
    public func enqueue<Payload>(
        _ kind: JobKind<Payload>, _ payload: Payload, uniqueKey: String? = nil, runAt: Date? = nil
    ) async throws -> Int64? {
        try await database.withTransaction { connection in
            try await Self.enqueue(kind, payload, uniqueKey: uniqueKey, runAt: runAt, on: connection, logger: database.logger)
        }
    }

    /// Due jobs a claim ranks before locking: more than it takes, so claimers running at the same
    /// time skip each other's locked rows and still find work.
    static let claimCandidates = 64

    /// Stands for "no tenant" where NULL would not match itself.
    static let noTenant = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// Claims up to `limit` due jobs, taking turns across tenants: a tenant's due jobs are numbered
    /// by age after the jobs it already has running, and every tenant's next turn goes before
    /// anyone's turn after it. Jobs without a tenant take turns as one more tenant. The ranking
    /// reads the due jobs only (not the future or finished ones), so its cost follows the backlog.
    func claim(kinds: [String], limit: Int, worker: String, lease: Duration) async throws -> [ClaimedJob] {
        let rows = try await database.query("""
            WITH running AS (
                SELECT coalesce(tenant_id, \(Self.noTenant)) AS tenant, count(*) AS jobs
                FROM control.jobs WHERE state = 'running' GROUP BY 1
            ), candidates AS MATERIALIZED (
                SELECT due.id, due.run_at, due.position + coalesce(running.jobs, 0) AS turn
                FROM (
                    SELECT id, tenant_id, run_at, row_number() OVER (PARTITION BY tenant_id ORDER BY run_at, id) AS position
                    FROM control.jobs
                    WHERE state = 'pending' AND run_at <= now() AND kind = ANY(\(kinds))
                ) due
                LEFT JOIN running ON running.tenant = coalesce(due.tenant_id, \(Self.noTenant))
                ORDER BY turn, due.run_at, due.id
                LIMIT \(limit + Self.claimCandidates)
            ), picked AS (
                SELECT j.id FROM control.jobs j JOIN candidates c ON c.id = j.id
                WHERE j.state = 'pending'
                ORDER BY c.turn, c.run_at, c.id
                LIMIT \(limit)
                FOR UPDATE OF j SKIP LOCKED
            )
            UPDATE control.jobs j
            SET state = 'running', attempts = j.attempts + 1, lease_owner = \(worker), claim_token = gen_random_uuid(),
                lease_expires_at = now() + make_interval(secs => \(lease.seconds)), updated_at = now()
            FROM picked WHERE j.id = picked.id
            RETURNING j.id, j.kind, j.payload::text, j.attempts, j.max_attempts, j.claim_token
            """)
        var jobs: [ClaimedJob] = []
        for try await (id, kind, payload, attempt, maxAttempts, token) in rows.decode((Int64, String, String, Int, Int, UUID).self) {
            jobs.append(ClaimedJob(id: id, kind: kind, payload: payload, attempt: attempt, maxAttempts: maxAttempts, token: token))
        }
        return jobs
    }

    /// Extends the lease; false when this claim no longer holds the job.
    func renewLease(_ job: ClaimedJob, lease: Duration) async throws -> Bool {
        let rows = try await database.query("""
            UPDATE control.jobs SET lease_expires_at = now() + make_interval(secs => \(lease.seconds))
            WHERE id = \(job.id) AND state = 'running' AND claim_token = \(job.token)
            RETURNING id
            """)
        for try await _ in rows { return true }
        return false
    }

    func complete(_ job: ClaimedJob, followUps: [NewJob] = []) async throws {
        try await database.withTransaction { connection in
            let completed = try await Self.leaveRunning("""
                UPDATE control.jobs SET state = 'succeeded', finished_at = now(), updated_at = now(),
                    lease_owner = NULL, lease_expires_at = NULL, claim_token = NULL
                WHERE id = \(job.id) AND state = 'running' AND claim_token = \(job.token)
                RETURNING id, rerun_at IS NOT NULL
                """, on: connection, logger: database.logger)
            // A job whose lease was lost meanwhile is someone else's now; its successor is theirs to add.
            guard !completed.isEmpty else { return }
            for followUp in followUps {
                try await Self.insert(followUp, on: connection, logger: database.logger)
            }
        }
    }

    /// What happens to a job whose attempt failed: a retry with backoff while attempts remain; then
    /// death, or a fresh start when its kind starts over. SQL over `attempts`, `max_attempts`,
    /// `start_over_seconds` and the backoff in seconds.
    private static func afterFailure(backoff: Double) -> String {
        let outOfAttempts = "attempts >= max_attempts"
        return """
            state = CASE WHEN \(outOfAttempts) AND start_over_seconds IS NULL THEN 'dead' ELSE 'pending' END,
            finished_at = CASE WHEN \(outOfAttempts) AND start_over_seconds IS NULL THEN now() END,
            run_at = now() + make_interval(secs => CASE WHEN \(outOfAttempts) THEN coalesce(start_over_seconds, 0) ELSE \(backoff) END),
            attempts = CASE WHEN \(outOfAttempts) AND start_over_seconds IS NOT NULL THEN 0 ELSE attempts END,
            updated_at = now(), lease_owner = NULL, lease_expires_at = NULL, claim_token = NULL
            """
    }

    /// Schedules a retry with backoff, or ends the job's attempts (see `afterFailure`).
    func fail(_ job: ClaimedJob, error: String) async throws {
        let backoff = retryPolicy.delay(afterAttempt: job.attempt).seconds
        try await database.withTransaction { connection in
            _ = try await Self.leaveRunning("""
                UPDATE control.jobs SET \(unescaped: Self.afterFailure(backoff: backoff)), last_error = \(String(error.prefix(4000)))
                WHERE id = \(job.id) AND state = 'running' AND claim_token = \(job.token)
                RETURNING id, rerun_at IS NOT NULL
                """, on: connection, logger: database.logger)
        }
    }

    /// Gives a job back without counting the attempt (graceful shutdown).
    func release(_ job: ClaimedJob) async throws {
        try await database.withTransaction { connection in
            _ = try await Self.leaveRunning("""
                UPDATE control.jobs SET state = 'pending', attempts = attempts - 1, run_at = now(), updated_at = now(),
                    lease_owner = NULL, lease_expires_at = NULL, claim_token = NULL
                WHERE id = \(job.id) AND state = 'running' AND claim_token = \(job.token)
                RETURNING id, rerun_at IS NOT NULL
                """, on: connection, logger: database.logger)
        }
    }

    /// Jobs whose worker stopped renewing its lease (it crashed, hung, or gave up on a run past its
    /// deadline) go back to the queue, or end their attempts. Any worker may run this; it is idempotent.
    @discardableResult
    func recoverExpiredLeases() async throws -> Int {
        try await database.withTransaction { connection in
            let recovered = try await Self.leaveRunning("""
                UPDATE control.jobs SET
                    last_error = 'lease expired: worker ' || coalesce(lease_owner, '?') || ' stopped without finishing',
                    \(unescaped: Self.afterFailure(backoff: 0))
                WHERE state = 'running' AND lease_expires_at < now()
                RETURNING id, rerun_at IS NOT NULL
                """, on: connection, logger: database.logger)
            return recovered.count
        }
    }

    // MARK: - Operator views

    public func list(state: JobState?, limit: Int, beforeID: Int64?) async throws -> [JobRecord] {
        let rows = try await database.query("""
            SELECT id, kind, state, attempts, max_attempts, run_at, last_error, unique_key, created_at, finished_at
            FROM control.jobs
            WHERE (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
              AND (\(beforeID)::bigint IS NULL OR id < \(beforeID))
            ORDER BY id DESC LIMIT \(limit)
            """)
        var records: [JobRecord] = []
        for try await row in rows.decode((Int64, String, String, Int, Int, Date, String?, String?, Date, Date?).self) {
            records.append(JobRecord(
                id: row.0, kind: row.1, state: JobState(rawValue: row.2) ?? .pending, attempts: row.3, maxAttempts: row.4,
                runAt: row.5, lastError: row.6, uniqueKey: row.7, createdAt: row.8, finishedAt: row.9))
        }
        return records
    }

    /// Puts a dead job back in the queue with fresh attempts. False when there is no dead job with
    /// that id, or when a live job already holds its unique key (the work is queued already).
    /// - Parameter alongside: runs in the same transaction when the job was put back (the admin API
    ///   records its audit entry there), so either both happen or neither.
    public func retryDead(id: Int64, alongside: (PostgresConnection) async throws -> Void = { _ in }) async throws -> Bool {
        do {
            return try await retryDeadJob(id: id, alongside: alongside)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            return false
        }
    }

    private func retryDeadJob(id: Int64, alongside: (PostgresConnection) async throws -> Void) async throws -> Bool {
        try await database.withTransaction { connection in
            let rows = try await connection.checkedQuery("""
                UPDATE control.jobs SET state = 'pending', attempts = 0, run_at = now(), finished_at = NULL, updated_at = now()
                WHERE id = \(id) AND state = 'dead'
                RETURNING kind
                """, logger: database.logger)
            var kind: String?
            for try await value in rows.decode(String.self) { kind = value }
            guard let kind else { return false }
            try await connection.checkedQuery("SELECT pg_notify(\(Self.wakeUpChannel), \(kind))", logger: database.logger)
            try await alongside(connection)
            return true
        }
    }

    public struct Depth: Sendable {
        public var byState: [JobState: Int] = [:]
        /// Pending jobs whose last attempt failed and that wait for a retry.
        public var retrying = 0
    }

    public func depth() async throws -> Depth {
        let rows = try await database.query("""
            SELECT state, count(*), count(*) FILTER (WHERE state = 'pending' AND attempts > 0)
            FROM control.jobs GROUP BY state
            """)
        var depth = Depth()
        for try await (state, count, retrying) in rows.decode((String, Int, Int).self) {
            if let state = JobState(rawValue: state) { depth.byState[state] = count }
            depth.retrying += retrying
        }
        return depth
    }

    /// Succeeded jobs are kept for a while for inspection, then removed; dead jobs stay until retried.
    @discardableResult
    public func pruneSucceeded(olderThan age: Duration) async throws -> Int {
        let rows = try await database.query("""
            DELETE FROM control.jobs WHERE state = 'succeeded' AND finished_at < now() - make_interval(secs => \(age.seconds))
            RETURNING id
            """)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }
}

extension Duration {
    /// Whole and fractional seconds, for SQL intervals.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

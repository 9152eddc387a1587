import Logging
import PostgresNIO

/// Periodic jobs run once per interval however many workers there are: each worker tries to move
/// a schedule row's `next_run_at` forward, and only the one whose UPDATE matched enqueues the job,
/// in the same transaction.
struct PeriodicScheduler: Sendable {
    let database: Database
    let jobs: [PeriodicJob]

    func register() async throws {
        for job in jobs {
            try await database.query("""
                INSERT INTO control.periodic_jobs (name, interval_seconds, next_run_at)
                VALUES (\(job.name), \(job.interval.seconds), now())
                ON CONFLICT (name) DO UPDATE SET interval_seconds = EXCLUDED.interval_seconds
                """)
        }
    }

    /// Enqueues the jobs that are due; returns how many this worker enqueued.
    @discardableResult
    func enqueueDue() async throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        let byName = Dictionary(uniqueKeysWithValues: jobs.map { ($0.name, $0) })
        return try await database.withTransaction { connection in
            let rows = try await connection.checkedQuery("""
                UPDATE control.periodic_jobs
                SET next_run_at = now() + make_interval(secs => interval_seconds), last_enqueued_at = now()
                WHERE name = ANY(\(jobs.map(\.name))) AND next_run_at <= now()
                RETURNING name
                """, logger: database.logger)
            var due: [String] = []
            for try await name in rows.decode(String.self) { due.append(name) }
            for name in due {
                guard let job = byName[name] else { continue }
                try await JobQueue.enqueue(
                    job.kind, EmptyPayload(), uniqueKey: "periodic:\(job.name)", on: connection, logger: database.logger)
            }
            return due.count
        }
    }
}

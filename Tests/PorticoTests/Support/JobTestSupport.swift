import Foundation
import Logging
import PorticoApp
import PorticoCore
import PorticoStore
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing

/// One row of `control.jobs`, as tests inspect it.
struct JobRow: Sendable {
    let id: Int64
    let kind: String
    let state: String
    let attempts: Int
    let maxAttempts: Int
    let lastError: String?
    let leaseOwner: String?
    let uniqueKey: String?
    let createdAt: Date
    let runAt: Date
}

enum JobTestSupport {
    /// A job kind no other test uses, so tests sharing the database never see each other's jobs.
    static func uniqueKind<Payload>(
        _ label: String, maxAttempts: Int = 8, deadline: Duration = .seconds(300), startOverAfter: Duration? = nil,
        payload: Payload.Type = Payload.self
    ) -> JobKind<Payload> {
        JobKind<Payload>(
            "test.\(label).\(UUID().uuidString.lowercased())", maxAttempts: maxAttempts, deadline: deadline,
            startOverAfter: startOverAfter)
    }

    static func job(_ id: Int64, _ database: Database) async throws -> JobRow? {
        try await decode(database.query("SELECT \(unescaped: columns) FROM control.jobs WHERE id = \(id)")).first
    }

    static func jobs(kind: String, _ database: Database) async throws -> [JobRow] {
        try await decode(database.query("SELECT \(unescaped: columns) FROM control.jobs WHERE kind = \(kind) ORDER BY id"))
    }

    private static let columns = "id, kind, state, attempts, max_attempts, last_error, lease_owner, unique_key, created_at, run_at"

    private static func decode(_ rows: PostgresRowSequence) async throws -> [JobRow] {
        var result: [JobRow] = []
        for try await row in rows.decode((Int64, String, String, Int, Int, String?, String?, String?, Date, Date).self) {
            result.append(JobRow(
                id: row.0, kind: row.1, state: row.2, attempts: row.3, maxAttempts: row.4, lastError: row.5,
                leaseOwner: row.6, uniqueKey: row.7, createdAt: row.8, runAt: row.9))
        }
        return result
    }

    /// Waits until the job is in `state` and returns its row.
    @discardableResult
    static func waitForState(
        _ state: JobState, job id: Int64, _ database: Database, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JobRow {
        var last: JobRow?
        try await eventually("job \(id) is \(state.rawValue) (last seen: \(last.map(\.state) ?? "none"))",
                                              sourceLocation: sourceLocation) {
            last = try await job(id, database)
            return last?.state == state.rawValue
        }
        return try #require(last)
    }

    /// A worker tuned for tests: short lease, quick polling, quick lease recovery.
    static func worker(
        _ runtime: Runtime, queue: JobQueue, registry: JobRegistry, name: String = "test-worker-\(UUID().uuidString.lowercased())",
        concurrency: Int = 2, lease: Duration = .seconds(3), deadlineGrace: Duration = .seconds(1)
    ) -> JobWorker {
        JobWorker(
            database: runtime.database, queue: queue, registry: registry,
            configuration: .init(
                name: name, concurrency: concurrency, lease: lease, pollInterval: .milliseconds(100),
                leaseRecoveryInterval: .milliseconds(500), deadlineGrace: deadlineGrace),
            logger: runtime.logger)
    }

    /// Runs `workers` in a service group for the duration of `body`, then shuts them down
    /// gracefully (in-flight jobs finish) and waits for them to stop.
    static func withWorkers<Result: Sendable>(
        _ workers: [JobWorker], logger: Logger, _ body: () async throws -> Result
    ) async throws -> Result {
        var configuration = ServiceGroupConfiguration(services: workers.map { .init(service: $0) }, logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        let group = ServiceGroup(configuration: configuration)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Result
            do {
                result = try await body()
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }
}

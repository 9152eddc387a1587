import Foundation
import Logging
import PorticoApp
import PorticoCore
import PorticoStore
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing

/// A copy of the repository's `Migrations/` folder in a temporary directory, which a test can add
/// files to or edit without touching the real one.
struct TemporaryMigrations: Sendable {
    let root: URL

    /// Copies `Migrations/` (control and tenant sets) into a new temporary folder.
    static func copyOfRepository() throws -> TemporaryMigrations {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("portico-migrations-\(UUID().uuidString.lowercased())")
        try FileManager.default.copyItem(at: TestEnvironment.migrationsPath, to: root)
        return TemporaryMigrations(root: root)
    }

    /// Runs `body` with a fresh copy and removes it afterwards, also when `body` throws.
    static func with<Result: Sendable>(_ body: (TemporaryMigrations) async throws -> Result) async throws -> Result {
        let migrations = try copyOfRepository()
        do {
            let result = try await body(migrations)
            migrations.remove()
            return result
        } catch {
            migrations.remove()
            throw error
        }
    }

    func write(_ kind: Kind, _ fileName: String, _ sql: String) throws {
        try sql.write(to: url(kind, fileName), atomically: true, encoding: .utf8)
    }

    /// Adds a migration to another module's folder (a module that exists only in a test).
    func write(_ kind: Kind, module: String, _ fileName: String, _ sql: String) throws {
        let folder = root.appendingPathComponent(kind.rawValue).appendingPathComponent(module)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try sql.write(to: folder.appendingPathComponent(fileName), atomically: true, encoding: .utf8)
    }

    func read(_ kind: Kind, _ fileName: String) throws -> String {
        try String(contentsOf: url(kind, fileName), encoding: .utf8)
    }

    func delete(_ kind: Kind, _ fileName: String) throws {
        try FileManager.default.removeItem(at: url(kind, fileName))
    }

    func sources() throws -> MigrationSources {
        try MigrationSources.load(root: root, modules: PorticoModules.all.map { $0.id })
    }

    /// Adds a migration after the last one of `kind` (whatever the repository holds by then) and
    /// returns its version and file name.
    @discardableResult
    func append(_ kind: Kind, _ description: String, _ sql: String) throws -> (version: Int, name: String) {
        let set = kind == .control ? try sources().control : try sources().tenant
        let version = (set.files.last { $0.module == kind.module }?.version ?? 0) + 1
        let name = String(format: "%04d", version) + "_\(description).sql"
        try write(kind, name, sql)
        return (version, name)
    }

    /// A migrator over the folder as it is now (a `Runtime` loads its sources once, at start).
    func migrator(_ runtime: Runtime, parallelism: Int = 4) throws -> Migrator {
        Migrator(database: runtime.database, sources: try sources(), parallelism: parallelism)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// The control set of the platform, or the tenant set of the catalog.
    enum Kind: String {
        case control, tenant

        var module: String { self == .control ? MigrationSources.platformModule : "catalog" }
    }

    private func url(_ kind: Kind, _ fileName: String) -> URL {
        root.appendingPathComponent(kind.rawValue).appendingPathComponent(kind.module).appendingPathComponent(fileName)
    }
}

/// Store-level helpers for tests that talk to PostgreSQL directly.
enum StoreTestSupport {
    /// Tenants created through sign-up and in-process provisioning (schema, role, tenant
    /// migrations, `active`), whose schemas and roles are dropped again afterwards: roles are
    /// cluster-wide and would otherwise outlive a throw-away database.
    static func withTenants<Result: Sendable>(
        _ count: Int, in runtime: Runtime, _ body: ([TestTenant]) async throws -> Result
    ) async throws -> Result {
        var tenants: [TestTenant] = []
        func cleanUp() async {
            for tenant in tenants {
                _ = try? await runtime.database.withTransaction { connection in
                    try await TenantSchema.drop(tenant.id, on: connection, logger: runtime.logger)
                }
            }
        }
        do {
            for _ in 0..<count { tenants.append(try await TestTenants.create(runtime)) }
            let result = try await body(tenants)
            await cleanUp()
            return result
        } catch {
            await cleanUp()
            throw error
        }
    }

    // MARK: - Schema inspection

    /// Versions recorded in `control.schema_migrations` for one schema, in order.
    static func appliedVersions(_ schema: String, _ database: Database) async throws -> [Int] {
        let rows = try await database.query(
            "SELECT version FROM control.schema_migrations WHERE schema_name = \(schema) ORDER BY version")
        var versions: [Int] = []
        for try await version in rows.decode(Int.self) { versions.append(version) }
        return versions
    }

    /// How many rows `control.schema_migrations` holds per (schema, version): 1 everywhere when
    /// nothing ran twice.
    static func migrationRowCounts(_ database: Database) async throws -> [String: Int] {
        let rows = try await database.query(
            "SELECT schema_name || ':' || version, count(*) FROM control.schema_migrations GROUP BY schema_name, version")
        var counts: [String: Int] = [:]
        for try await (key, count) in rows.decode((String, Int).self) { counts[key] = count }
        return counts
    }

    static func tableExists(_ schema: String, _ table: String, _ database: Database) async throws -> Bool {
        let rows = try await database.query(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = \(table)")
        for try await _ in rows { return true }
        return false
    }

    static func columns(_ schema: String, _ table: String, _ database: Database) async throws -> Set<String> {
        let rows = try await database.query("""
            SELECT column_name::text FROM information_schema.columns WHERE table_schema = \(schema) AND table_name = \(table)
            """)
        var names: Set<String> = []
        for try await name in rows.decode(String.self) { names.insert(name) }
        return names
    }

    static func indexExists(_ schema: String, _ index: String, _ database: Database) async throws -> Bool {
        let rows = try await database.query(
            "SELECT 1 FROM pg_indexes WHERE schemaname = \(schema) AND indexname = \(index)")
        for try await _ in rows { return true }
        return false
    }
}

// MARK: - Jobs

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

/// Values a test's job handlers record from worker tasks.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }

    var all: [Value] { values.withLock { $0 } }
}

/// A flag test code flips while workers read it.
final class Flag: Sendable {
    private let value: Atomic<Bool>

    init(_ initial: Bool) { value = Atomic(initial) }

    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }

    func set(_ newValue: Bool) { value.store(newValue, ordering: .sequentiallyConsistent) }
}

/// An error with a readable description, as job handlers throw it.
struct TestJobFailure: Error, CustomStringConvertible {
    let description: String
}

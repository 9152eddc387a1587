import Foundation
import Logging
import PorticoApp
import PorticoSeam
import PorticoStore
import PostgresNIO
import Synchronization

/// Databases for tests: the shared one (migrated once per test run) and throw-away ones for tests
/// that need an empty database (migrations).
enum TestDatabase {
    private static let sharedReady = Mutex<Task<Void, any Error>?>(nil)

    /// Runs `body` against the shared test database, migrated to the current version.
    /// - Parameter modules: a module list other than the build's, for modules without migrations.
    static func withShared<Result: Sendable>(
        overrides: [String: String] = [:], modules: [any PorticoModule.Type] = PorticoModules.all,
        _ body: @Sendable (Runtime) async throws -> Result
    ) async throws -> Result {
        let runtime = try Runtime(
            settings: try await TestEnvironment.settings(overrides: overrides, modules: modules), role: "test")
        return try await runtime.withRunningClient {
            try await migrateSharedOnce(runtime)
            return try await body(runtime)
        }
    }

    /// The shared test database's URL, once it is migrated: for a child process to use.
    static func sharedURL() async throws -> DatabaseURL {
        try await withShared { _ in }
        return TestEnvironment.databaseURL
    }

    private static func migrateSharedOnce(_ runtime: Runtime) async throws {
        let task = sharedReady.withLock { task in
            if let task { return task }
            // Every test of the run waits for this one task: a connection not had in time on a
            // loaded machine is tried again rather than failing them all.
            let created = Task {
                for attempt in 1... {
                    do {
                        _ = try await runtime.migrator.migrate()
                        return
                    } catch where attempt < 3 && Database.isUnavailable(error) {
                        try await Task.sleep(for: .seconds(1))
                    }
                }
            }
            task = created
            return created
        }
        try await task.value
    }

    /// Creates an empty database, runs `body` with its URL, and drops it afterwards.
    static func withFresh<Result: Sendable>(_ body: @Sendable (DatabaseURL) async throws -> Result) async throws -> Result {
        let name = "portico_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await adminExecute("CREATE DATABASE \(name) TEMPLATE template0")
        do {
            let result = try await body(TestEnvironment.databaseURL.withDatabase(String(name)))
            try await drop(String(name))
            return result
        } catch {
            try? await drop(String(name))
            throw error
        }
    }

    /// A throw-away database migrated to the current version, with a runtime over it.
    static func withFreshMigrated<Result: Sendable>(
        migrationsPath: URL? = nil, overrides: [String: String] = [:], modules: [any PorticoModule.Type] = PorticoModules.all,
        _ body: @Sendable (DatabaseURL, Runtime) async throws -> Result
    ) async throws -> Result {
        try await withFresh { url in
            try await withRuntime(url, migrationsPath: migrationsPath, overrides: overrides, modules: modules) { runtime in
                try await runtime.migrator.migrate()
                return try await body(url, runtime)
            }
        }
    }

    private static func drop(_ name: String) async throws {
        try await adminExecute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func adminExecute(_ sql: String) async throws {
        let connection = try await connect(to: TestEnvironment.adminDatabaseURL)
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestEnvironment.logger)
    }

    /// A connection of its own, outside any pool: a test holds locks on it to stop a worker
    /// part-way, or runs what a pool must not.
    static func connect(to url: DatabaseURL, id: Int = 1) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: .init(host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: .disable),
            id: id, logger: TestEnvironment.logger)
    }

    /// A runtime over `url` whose client runs for the duration of `body`.
    static func withRuntime<Result: Sendable>(
        _ url: DatabaseURL, migrationsPath: URL? = nil, overrides: [String: String] = [:],
        modules: [any PorticoModule.Type] = PorticoModules.all, _ body: @Sendable (Runtime) async throws -> Result
    ) async throws -> Result {
        var values = overrides
        if let migrationsPath { values["migrations.path"] = migrationsPath.path }
        let runtime = try Runtime(
            settings: try await TestEnvironment.settings(databaseURL: url, overrides: values, modules: modules), role: "test")
        return try await runtime.withRunningClient { try await body(runtime) }
    }
}

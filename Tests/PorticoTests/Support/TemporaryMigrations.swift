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

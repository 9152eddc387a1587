import Foundation
import Logging
import PorticoApp
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Where the tests' PostgreSQL is (`make test` starts it) and where the repository is.
enum TestEnvironment {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("cannot find the repository root above \(#filePath)")
    }()

    static var migrationsPath: URL { repositoryRoot.appendingPathComponent("Migrations") }

    static var porticoBinary: URL { repositoryRoot.appendingPathComponent(".build/debug/portico") }

    /// The shared test database; every test makes its own tenants in it.
    static var databaseURL: DatabaseURL {
        try! DatabaseURL(ProcessInfo.processInfo.environment["PORTICO_TEST_DATABASE_URL"]
            ?? "postgres://portico@127.0.0.1:54329/portico_test?sslmode=disable")
    }

    /// A database to connect to for creating and dropping throw-away databases.
    static var adminDatabaseURL: DatabaseURL {
        try! DatabaseURL(ProcessInfo.processInfo.environment["PORTICO_TEST_ADMIN_DATABASE_URL"]
            ?? "postgres://portico@127.0.0.1:54329/postgres?sslmode=disable")
    }

    static let logger: Logger = {
        var logger = Logger(label: "portico.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["PORTICO_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return logger
    }()

    /// Settings for a test: the given database, test-friendly defaults, then `overrides`, for the
    /// build's module list or another.
    static func settings(
        databaseURL: DatabaseURL = databaseURL, overrides: [String: String] = [:],
        modules: [any PorticoModule.Type] = PorticoModules.all
    ) async throws -> Settings {
        var values = [
            "database.url": databaseURL.urlString,
            "migrations.path": migrationsPath.path,
            "port": "0",
            "log.level": "critical",
            "provisioning.signupsPerMinute": "100000",
            "auth.pollMilliseconds": "200",
        ]
        values.merge(overrides) { _, new in new }
        return try await SettingsLoader.load(overrides: values, environment: [:], modules: modules)
    }
}

extension DatabaseURL {
    /// The URL text to hand to Portico's settings or to a child process.
    var urlString: String {
        let credentials = password.map { "\(username):\($0)" } ?? username
        return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=\(sslMode)"
    }
}

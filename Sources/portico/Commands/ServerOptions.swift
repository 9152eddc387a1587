import ArgumentParser
import Foundation
import PorticoApp

/// Options every database-backed command accepts; they override the environment.
struct ServerOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL (overrides PORTICO_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Folder with the control/ and tenant/ migrations (overrides PORTICO_MIGRATIONS_PATH).")
    var migrationsPath: String?

    @Option(help: "Log level (overrides PORTICO_LOG_LEVEL).")
    var logLevel: String?

    var overrides: [String: String] {
        var values: [String: String] = [:]
        values["database.url"] = databaseURL
        values["migrations.path"] = migrationsPath
        values["log.level"] = logLevel
        return values
    }

    /// Loads settings, or exits with the list of problems (exit code 78, EX_CONFIG).
    func settings(extra: [String: String] = [:]) async throws -> Settings {
        do {
            return try await SettingsLoader.load(overrides: overrides.merging(extra) { _, new in new })
        } catch let error as SettingsLoader.Invalid {
            FileHandle.standardError.write(Data("portico: \(error)\n".utf8))
            throw ExitCode(78)
        }
    }
}

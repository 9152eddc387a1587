import Logging
import PorticoStore
import PostgresNIO

/// The first thing a process does with its database: connect once, outside the pool. The pool
/// would retry a database that is down quietly and for ever; this says so in one warning line with
/// the remedy, and gives up after a bound where the caller wants one.
public enum DatabaseReachability {
    public struct Unreachable: Error, CustomStringConvertible {
        public let database: DatabaseURL
        public let reason: String
        public let waited: Duration

        public var description: String {
            "cannot reach the database \(database) (\(reason)); gave up after \(waited.components.seconds) s. \(DatabaseReachability.remedy)"
        }
    }

    static let remedy = "Start the local one with `make db`, or point PORTICO_DATABASE_URL at yours."

    /// Returns once a connection succeeds; warns while it does not (again every `warnEvery`); with
    /// `bound`, throws `Unreachable` when it has not succeeded by then.
    public static func wait(for runtime: Runtime, bound: Duration?, warnEvery: Duration = .seconds(30)) async throws {
        let database = runtime.settings.databaseURL
        let clock = ContinuousClock()
        let started = clock.now
        var lastWarning: ContinuousClock.Instant?
        while true {
            guard let reason = await problem(connecting: database, logger: runtime.logger) else {
                if lastWarning != nil { runtime.logger.notice("database \(database) is reachable now") }
                return
            }
            if let bound, clock.now - started >= bound {
                throw Unreachable(database: database, reason: reason, waited: clock.now - started)
            }
            if lastWarning.map({ clock.now - $0 >= warnEvery }) ?? true {
                runtime.logger.warning("cannot reach the database \(database) (\(reason)); retrying. \(remedy)")
                lastWarning = clock.now
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// Why a connection to `database` fails, or nil when it succeeds.
    static func problem(connecting database: DatabaseURL, logger: Logger) async -> String? {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try database.connectionConfiguration(), id: 0, logger: logger)
            try await connection.close()
            return nil
        } catch {
            return reason(error)
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return reason(underlying) }
            return "\(error.code)"
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("connection refused") { return "connection refused" }
        return text
    }
}

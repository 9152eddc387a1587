import ArgumentParser
import Foundation
import PorticoStore

/// Loads rows with PostgreSQL's `COPY ... FROM STDIN`, through the `psql` client of the local
/// cluster (PostgresNIO has no COPY API): the floor of ingestion, and the bulk of the report data.
struct PsqlCopy {
    let psql: String
    let url: DatabaseURL

    /// One `COPY` of `rows` (text format) into `table`, for a script of several.
    static func statement(table: String, columns: String, rows: String) -> String {
        "COPY \(table) (\(columns)) FROM STDIN;\n" + rows + "\\.\n"
    }

    /// Runs `script` (COPY statements with their rows) in one psql session; returns how long it took.
    func run(_ script: String) throws -> Duration {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let connection = "postgresql://\(url.username)@\(url.host):\(url.port)/\(url.database)?sslmode=disable"
        process.arguments = [psql, connection, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"]
        var environment = ProcessInfo.processInfo.environment
        if let password = url.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let data = Data(script.utf8)
        let started = ContinuousClock.now
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let took = ContinuousClock.now - started
        guard process.terminationStatus == 0 else { throw ValidationError("psql COPY failed (exit \(process.terminationStatus))") }
        return took
    }
}

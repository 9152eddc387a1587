import Foundation
import PorticoStore
import Testing

/// What a new user sees when starting `portico` with the database down, on the wrong port, or twice:
/// one clear line naming the database (never its password) and the remedy.
@Suite(.serialized) struct StartupTests {
    /// A URL to a loopback port where nothing listens.
    static func closedDatabase() throws -> DatabaseURL {
        try DatabaseURL("postgres://portico:s3cret@127.0.0.1:\(try FreePort.find())/portico?sslmode=disable")
    }

    @Test func migrateNamesTheDatabaseAndGivesUpWhenItIsDown() async throws {
        let database = try Self.closedDatabase()
        let migrate = try PorticoProcess(["migrate"], databaseURL: database, environment: ["PORTICO_DATABASE_STARTUP_WAIT_SECONDS": "2"])
        let status = try await migrate.exitStatus(within: .seconds(60))
        #expect(status != nil && status != 0, "migrate gives up with a non-zero exit")
        let lines = migrate.log.split(separator: "\n")
        #expect(lines.first?.contains("database \(database)") == true, "the first line names the database: \(migrate.log)")
        #expect(lines.contains { $0.contains("warning") && $0.contains("cannot reach the database") && $0.contains("make db") })
        #expect(migrate.log.contains("gave up after"))
        #expect(!migrate.log.contains("s3cret"))
    }

    @Test(arguments: ["serve", "worker"])
    func serveAndWorkerWarnWhileTheDatabaseIsDown(command: String) async throws {
        let database = try Self.closedDatabase()
        let process = try PorticoProcess([command], databaseURL: database, environment: ["PORTICO_PORT": "0"])
        defer { process.stop() }
        #expect(try await process.waitForLog("make db", within: .seconds(30)), "\(process.log)")
        let warning = process.log.split(separator: "\n").first { $0.contains("make db") }
        #expect(warning?.contains("warning") == true)
        #expect(warning?.contains("127.0.0.1:\(database.port)/portico") == true)
        #expect(process.process.isRunning, "it keeps waiting for the database")
    }

    @Test func theDefaultDatabaseFollowsPorticoPGPort() async throws {
        let port = try FreePort.find()
        let migrate = try PorticoProcess(["migrate"], databaseURL: nil, environment: [
            "PORTICO_PG_PORT": String(port), "PORTICO_DATABASE_STARTUP_WAIT_SECONDS": "1",
        ])
        _ = try await migrate.exitStatus(within: .seconds(60))
        let first = migrate.log.split(separator: "\n").first ?? ""
        #expect(first.contains("postgres://portico@127.0.0.1:\(port)/portico"), "\(migrate.log)")
    }

    @Test func aSecondServeOnTheSamePortSaysItIsInUse() async throws {
        let (first, base) = try await PorticoProcess.serve(databaseURL: try await TestDatabase.sharedURL())
        defer { first.stop() }
        let port = try #require(base.split(separator: ":").last.map(String.init))
        let second = try PorticoProcess(["serve"], databaseURL: TestEnvironment.databaseURL, environment: [
            "PORTICO_HOST": "127.0.0.1", "PORTICO_PORT": port,
        ])
        let status = try await second.exitStatus(within: .seconds(60))
        #expect(status != nil && status != 0)
        #expect(second.log.contains("127.0.0.1:\(port) is already in use"), "\(second.log)")
    }
}

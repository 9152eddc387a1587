import PorticoSeam
import Foundation
import Testing
@testable import PorticoApp

@Suite struct SettingsTests {
    let migrations = ["PORTICO_MIGRATIONS_PATH": TestEnvironment.migrationsPath.path]

    @Test func environmentVariablesFollowTheKeys() {
        #expect(SettingDescription.environmentVariable(for: "database.url") == "PORTICO_DATABASE_URL")
        #expect(SettingDescription.environmentVariable(for: "database.maxConnections") == "PORTICO_DATABASE_MAX_CONNECTIONS")
        #expect(SettingDescription.environmentVariable(for: "http.bodyLimitBytes") == "PORTICO_HTTP_BODY_LIMIT_BYTES")
    }

    @Test func precedenceIsOptionsThenEnvironmentThenDefaults() async throws {
        let defaults = try await SettingsLoader.load(environment: migrations)
        #expect(defaults.port == 8080)
        #expect(defaults.bodyLimitBytes == 1 << 20)
        let fromEnvironment = try await SettingsLoader.load(environment: migrations.merging(["PORTICO_PORT": "9090"]) { $1 })
        #expect(fromEnvironment.port == 9090)
        let fromOption = try await SettingsLoader.load(overrides: ["port": "7070"], environment: migrations.merging(["PORTICO_PORT": "9090"]) { $1 })
        #expect(fromOption.port == 7070)
    }

    @Test func configurationFileSitsBelowTheEnvironment() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("portico-\(UUID()).json")
        try Data(#"{"port": 6060, "worker": {"concurrency": 7}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var environment = migrations
        environment["PORTICO_CONFIG_FILE"] = file.path
        environment["PORTICO_PORT"] = "6161"
        let settings = try await SettingsLoader.load(environment: environment)
        #expect(settings.port == 6161)
        #expect(settings.workerConcurrency == 7)
    }

    @Test func everyBadValueIsReportedByItsVariable() async throws {
        var environment = migrations
        environment["PORTICO_PORT"] = "eighty"
        environment["PORTICO_DATABASE_URL"] = "mysql://root:secret@db/app"
        environment["PORTICO_LOG_FORMAT"] = "xml"
        environment["PORTICO_WORKER_LEASE_SECONDS"] = "1"
        let error = await #expect(throws: SettingsLoader.Invalid.self) {
            try await SettingsLoader.load(environment: environment)
        }
        let problems = try #require(error?.problems)
        #expect(problems.count == 4)
        #expect(problems.contains { $0.hasPrefix("PORTICO_PORT") && $0.contains("'eighty'") })
        #expect(problems.contains { $0.hasPrefix("PORTICO_LOG_FORMAT") })
        #expect(problems.contains { $0.hasPrefix("PORTICO_WORKER_LEASE_SECONDS") })
        let databaseProblem = try #require(problems.first { $0.hasPrefix("PORTICO_DATABASE_URL") })
        #expect(!databaseProblem.contains("secret"), "the URL may hold a password and is never echoed")
    }

    @Test func trustedProxiesAndAuthLimitsAreReadAndChecked() async throws {
        let defaults = try await SettingsLoader.load(environment: migrations)
        #expect(defaults.trustedProxies.isEmpty)
        #expect(defaults.failedCredentialsPerMinute == 30)
        #expect(defaults.databaseLimits.maximumConnectionWait == .seconds(5))

        let set = try await SettingsLoader.load(environment: migrations.merging([
            "PORTICO_HTTP_TRUSTED_PROXIES": " 10.0.0.0/8, ::1 ,",
            "PORTICO_AUTH_FAILED_ATTEMPTS_PER_MINUTE": "7",
            "PORTICO_DATABASE_CONNECTION_WAIT_MILLISECONDS": "250",
        ]) { $1 })
        #expect(set.trustedProxies.map(\.description) == ["10.0.0.0/8", "::1/128"])
        #expect(set.failedCredentialsPerMinute == 7)
        #expect(set.databaseLimits.maximumConnectionWait == .milliseconds(250))

        let error = await #expect(throws: SettingsLoader.Invalid.self) {
            try await SettingsLoader.load(environment: migrations.merging([
                "PORTICO_HTTP_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal",
                "PORTICO_AUTH_FAILED_ATTEMPTS_PER_MINUTE": "0",
                "PORTICO_DATABASE_CONNECTION_WAIT_MILLISECONDS": "forever",
            ]) { $1 })
        }
        let problems = try #require(error?.problems)
        #expect(problems.count == 3)
        #expect(problems.contains { $0.hasPrefix("PORTICO_HTTP_TRUSTED_PROXIES") && $0.contains("'proxy.internal', which is not an IP address or CIDR block") })
        #expect(problems.contains { $0.hasPrefix("PORTICO_AUTH_FAILED_ATTEMPTS_PER_MINUTE") })
        #expect(problems.contains { $0.hasPrefix("PORTICO_DATABASE_CONNECTION_WAIT_MILLISECONDS") })
    }

    @Test func theDefaultDatabaseURLFollowsTheLocalClusterPort() async throws {
        let defaults = try await SettingsLoader.load(environment: migrations)
        #expect(defaults.databaseURL.port == 54329)
        let moved = try await SettingsLoader.load(environment: migrations.merging(["PORTICO_PG_PORT": "54359"]) { $1 })
        #expect(moved.databaseURL.description == "postgres://portico@127.0.0.1:54359/portico")
        let explicit = try await SettingsLoader.load(environment: migrations.merging([
            "PORTICO_PG_PORT": "54359", "PORTICO_DATABASE_URL": "postgres://app@db.internal/app",
        ]) { $1 })
        #expect(explicit.databaseURL.host == "db.internal", "an explicit URL wins")
        let error = await #expect(throws: SettingsLoader.Invalid.self) {
            try await SettingsLoader.load(environment: migrations.merging(["PORTICO_PG_PORT": "pg"]) { $1 })
        }
        #expect(error?.problems.first?.hasPrefix("PORTICO_PG_PORT") == true)
    }
}

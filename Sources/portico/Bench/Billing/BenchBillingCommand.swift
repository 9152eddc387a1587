import ArgumentParser
import Foundation
import PorticoApp
import PorticoStore

/// `portico bench billing`: the billing run over a fleet with a month of usage each against the
/// raw-SQL floor of reading that usage (`run`); the gateway's request metering against the same
/// server without it, and what a killed replica loses (`metering`); `GET /v1/billing/usage` while
/// usage flows in against a bare authenticated route (`usage`). One printed line per measurement.
struct BenchBillingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "billing", abstract: "Billing run, metering cost and live usage benchmark.")

    @OptionGroup var options: ServerOptions
    @Option(help: "What to measure (repeat the option): run, metering, usage or all.") var part: [BillingBenchPart] = [.all]
    @Option(help: "Tenants billed by the run.") var tenants = 10_000
    @Option(help: "api.requests records in an enterprise tenant's month (a team has a quarter, a free tenant a fortieth).")
    var requestRecords = 4_000
    @Option(help: "Seconds of each measured wrk run (after a 3 s warm-up).") var wrkSeconds = 10
    @Option(help: "wrk rounds, each metered and then without metering.") var wrkRounds = 3
    @Option(help: "wrk connections.") var wrkConnections = 32
    @Option(help: "Times a serve process is killed with SIGKILL mid-traffic.") var killTrials = 3
    @Option(help: "Measured GET /v1/billing/usage requests (each followed by a GET /v1/tenant).") var usageRequests = 1_000
    @Option(help: "Usage records per batch the concurrent writer records (a batch every 20 ms).") var writerBatch = 50
    @Option(help: "Port for the in-process server (the next one is the killed replica's).") var port = 18_095
    @Option(help: "The wrk load generator.") var wrk = "wrk"

    func run() async throws {
        var settings = try await options.settings(extra: ["port": String(port), "log.level": "warning"])
        settings.logLevel = .warning
        let runtime = try Runtime(settings: settings, role: "bench")
        let sizes = BillingBench.Sizes(
            tenants: tenants, requestRecords: requestRecords, wrkSeconds: wrkSeconds, wrkRounds: wrkRounds, wrkConnections: wrkConnections,
            killTrials: killTrials, usageRequests: usageRequests, writerBatch: writerBatch)
        let serveArguments = (options.databaseURL.map { ["--database-url", $0] } ?? [])
            + (options.migrationsPath.map { ["--migrations-path", $0] } ?? [])
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let port = self.port, wrk = self.wrk, parts = Set(part)
        try await runtime.withRunningClient {
            try await runtime.migrator.migrate()
            let bench = BillingBench(
                runtime: runtime, tenants: try runtime.tenantService(), base: "http://127.0.0.1:\(port)", port: port, sizes: sizes,
                executable: executable, serveArguments: serveArguments, wrk: wrk)
            try await bench.run(parts)
        }
    }
}

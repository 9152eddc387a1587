import ArgumentParser
import Foundation
import PorticoApp
import PorticoProvisioning
import PorticoStore

/// `portico bench insights`: per data shape, one tenant with a catalog of people, a bulk of
/// events over five weeks loaded with COPY and rolled up by the module's own job (rollup cost),
/// then ingestion over loopback HTTP in batches against COPY of the same rows (with the rollup
/// worker running and the freshness of marker events measured), every report over HTTP against
/// the raw-SQL scan of the events it replaces, and the bytes each stored event takes. Other
/// tenants' events lie beside. One printed line per measurement.
struct BenchInsightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "insights", abstract: "Insights ingestion, freshness, rollup and report benchmark.")

    @OptionGroup var options: ServerOptions
    @Option(help: "Events in each measured tenant at the end (bulk COPY + HTTP ingestion).") var events = 2_000_000
    @Option(help: "Events sent through HTTP per shape (and copied again for the floor).") var ingestEvents = 300_000
    @Option(help: "Events per HTTP batch.") var batch = 500
    @Option(help: "Concurrent HTTP clients for ingestion.") var clients = 4
    @Option(help: "Bulk events loaded per COPY, each followed by a rollup.") var chunk = 1_000_000
    @Option(help: "Other tenants beside the measured ones.") var otherTenants = 100
    @Option(help: "Events in each other tenant.") var otherEvents = 20_000
    @Option(help: "Users in each other tenant.") var otherUsers = 200
    @Option(help: "Requests per measured report.") var requests = 10
    @Option(help: "Runs of each raw-SQL floor (a scan of every event).") var floorRuns = 1
    @Option(help: "Port for the in-process server.") var port = 18_090
    @Option(help: "The psql client used for COPY.") var psql = "psql"
    @Option(help: "Data shapes to build and measure, each in its own tenant (repeat the option; default both).")
    var shape: [InsightsShape] = InsightsShape.allCases

    func run() async throws {
        var settings = try await options.settings(extra: ["port": String(port), "log.level": "warning"])
        settings.logLevel = .warning
        let runtime = try Runtime(settings: settings, role: "bench")
        let sizes = InsightsBench.Sizes(
            events: events, ingestEvents: ingestEvents, batch: batch, clients: clients, chunk: chunk, otherTenants: otherTenants,
            otherEvents: otherEvents, otherUsers: otherUsers, requests: requests, floorRuns: floorRuns)
        let copier = PsqlCopy(psql: psql, url: settings.databaseURL)
        let port = self.port, shapes = self.shape
        try await runtime.withRunningClient {
            try await runtime.migrator.migrate()
            let bench = InsightsBench(
                runtime: runtime, tenants: try runtime.tenantService(), base: "http://127.0.0.1:\(port)", sizes: sizes, copier: copier)
            try await bench.run(shapes: shapes)
        }
    }
}

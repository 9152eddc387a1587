import ArgumentParser
import Foundation
import PorticoAika
import PorticoApp
import PorticoStore

/// `portico bench aika`: AiKA's retrieval and answers scored against the evaluation corpus
/// (`loadtests/aika/corpus`), and its indexing rate and search latency at scale against the raw
/// SQL it wraps. One printed line per measurement.
struct BenchAikaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "aika", abstract: "AiKA retrieval quality and speed benchmark.")

    enum Part: String, ExpressibleByArgument, CaseIterable {
        case quality, speed, all
    }

    @OptionGroup var options: ServerOptions
    @Option(help: "What to measure: quality (the corpus' questions), speed (indexing and search at scale) or all.") var part = Part.quality
    @Option(help: "The evaluation corpus folder.") var corpus = "loadtests/aika/corpus"
    @Flag(help: "Print one line per missed question (quality) and per query (speed).") var verbose = false
    @Option(help: "Passages in the measured tenant (speed).") var chunks = 50_000
    @Option(help: "Other tenants beside it (speed).") var otherTenants = 20
    @Option(help: "Passages in each other tenant (speed).") var otherChunks = 2_000
    @Option(help: "Concurrent HTTP clients pushing documents (speed; the gateway lets a tenant run 8 requests at once).") var clients = 4
    @Option(help: "Requests per measured search query (speed).") var requests = 200
    @Option(help: "Port for the in-process server.") var port = 18_100

    func run() async throws {
        var settings = try await options.settings(extra: ["port": String(port), "log.level": "warning"])
        settings.logLevel = .warning
        let runtime = try Runtime(settings: settings, role: "bench")
        let corpus = try AikaCorpus(folder: URL(fileURLWithPath: corpus))
        let sizes = AikaBench.Sizes(
            chunks: chunks, otherTenants: otherTenants, otherChunks: otherChunks, clients: clients, requests: requests)
        let port = self.port, part = self.part, verbose = self.verbose
        try await runtime.withRunningClient {
            try await runtime.migrator.migrate()
            guard let aika = try runtime.modules(queue: JobQueue(database: runtime.database)).module(AikaModule.self) else {
                throw BenchFailure("the module list has no AiKA module")
            }
            let bench = AikaBench(
                runtime: runtime, tenants: try runtime.tenantService(), base: "http://127.0.0.1:\(port)", aika: aika,
                corpus: corpus, sizes: sizes, verbose: verbose)
            try await bench.withServer { client in
                if part != .speed { try await bench.measureQuality(client: client) }
                if part != .quality { try await bench.measureSpeed(client: client) }
            }
        }
    }
}

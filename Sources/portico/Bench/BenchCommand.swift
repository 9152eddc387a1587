import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that need Portico's internals (run them on a throw-away database).",
        subcommands: [BenchCatalogCommand.self, BenchInsightsCommand.self, BenchAikaCommand.self, BenchBillingCommand.self])
}

import ArgumentParser
import PorticoApp

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", abstract: "Run background jobs until stopped.")

    @OptionGroup var options: ServerOptions

    @Option(help: "Name for this worker in job leases and logs (default: host-pid).")
    var name: String?

    func run() async throws {
        let runtime = try Runtime(settings: try await options.settings(), role: "worker")
        try await DatabaseReachability.wait(for: runtime, bound: nil)
        let group = try name.map { try PorticoWorker.buildServiceGroup(runtime: runtime, name: $0) }
            ?? PorticoWorker.buildServiceGroup(runtime: runtime)
        try await runtime.runUntilStopped(group)
    }
}

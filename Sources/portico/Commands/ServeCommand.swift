import ArgumentParser
import Glibc
import Hummingbird
import NIOCore
import PorticoApp

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the HTTP API.")

    @OptionGroup var options: ServerOptions

    @Option(help: "Address to listen on (overrides PORTICO_HOST).")
    var host: String?

    @Option(help: "Port to listen on (overrides PORTICO_PORT).")
    var port: Int?

    func run() async throws {
        var extra: [String: String] = [:]
        extra["host"] = host
        extra["port"] = port.map(String.init)
        let runtime = try Runtime(settings: try await options.settings(extra: extra), role: "serve")
        try await DatabaseReachability.wait(for: runtime, bound: nil)
        do {
            try await runtime.runUntilStopped(try PorticoServer.serviceGroup(runtime: runtime))
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            let address = "\(runtime.settings.host):\(runtime.settings.port)"
            throw CommandFailure(message: """
                \(address) is already in use: is Portico already serving there (another `make run`)? \
                Stop it, or pick another port with --port or PORTICO_PORT.
                """)
        }
    }
}

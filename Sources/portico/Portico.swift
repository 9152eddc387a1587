import ArgumentParser
import Foundation
import PostgresNIO

@main
struct Portico: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portico",
        abstract: "Portico: a hosted, multi-tenant developer-portal backend.",
        discussion: "Configuration comes from options, PORTICO_* environment variables and PORTICO_CONFIG_FILE; see the README.",
        subcommands: [
            ServeCommand.self, WorkerCommand.self, MigrateCommand.self, OperatorsCommand.self, DemoCommand.self,
            AdminCommand.self, BenchCommand.self, AgentCommand.self,
        ]
    )

    /// Like the default entry point, but database errors are shown with the server's message
    /// (PostgresNIO hides it by default so it never reaches a client; an operator needs it).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as PSQLError {
            exit(withError: CommandFailure(message: Self.describe(error)))
        } catch {
            if exitCode(for: error) == .success {
                print(UsageWrapping.wrapped(fullMessage(for: error)))
                Foundation.exit(0)
            }
            exit(withError: error)
        }
    }

    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            return "database: \(message)"
        }
        return "database: \(error.code)"
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

import ArgumentParser
import Foundation
import PorticoApp
import PorticoProvisioning

struct OperatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operators", abstract: "Manage operators (talks to the database directly).",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an operator and print its token, once, alone on stdout.")

        @OptionGroup var options: ServerOptions

        @Argument(help: "The operator's name, unique.")
        var name: String

        func run() async throws {
            let runtime = try Runtime(settings: try await options.settings(), role: "cli")
            try await DatabaseReachability.wait(for: runtime, bound: runtime.settings.databaseStartupWait)
            let name = self.name
            do {
                let token = try await runtime.withRunningClient {
                    try await OperatorRepository(database: runtime.database).create(name: name)
                }
                print(token)
            } catch let error as OperatorRepository.CreateError {
                FileHandle.standardError.write(Data("portico operators create: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

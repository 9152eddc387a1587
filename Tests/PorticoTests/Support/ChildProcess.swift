import Dispatch
import Foundation

/// A child process run to its end (the CLI, Python checking a signature) off Swift's cooperative
/// threads: waiting for it on them would hold one of the few the whole test run shares, stalling
/// every other test's tasks — transactions left open mid-way, with their locks.
enum ChildProcess {
    /// Written by the thread that reads the child's stderr, read after it is done (the group orders them).
    private final class ErrorsRead: @unchecked Sendable {
        var data = Data()
    }

    struct Finished: Sendable {
        let status: Int32
        let output: Data
        let errors: Data

        var text: String { String(decoding: output, as: UTF8.self) }
    }

    static func run(
        _ arguments: [String], executable: URL = URL(fileURLWithPath: "/usr/bin/env"), environment: [String: String]? = nil,
        input: Data? = nil
    ) async throws -> Finished {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = executable
                    process.arguments = arguments
                    if let environment { process.environment = environment }
                    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
                    process.standardInput = stdin
                    process.standardOutput = stdout
                    process.standardError = stderr
                    try process.run()
                    if let input { stdin.fileHandleForWriting.write(input) }
                    try stdin.fileHandleForWriting.close()
                    // Read both pipes at once: a child that fills one while we wait on the other would never end.
                    let errors = ErrorsRead()
                    let errorsRead = DispatchGroup()
                    errorsRead.enter()
                    DispatchQueue.global().async {
                        errors.data = stderr.fileHandleForReading.readDataToEndOfFile()
                        errorsRead.leave()
                    }
                    let output = stdout.fileHandleForReading.readDataToEndOfFile()
                    errorsRead.wait()
                    process.waitUntilExit()
                    continuation.resume(returning: Finished(status: process.terminationStatus, output: output, errors: errors.data))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import NIOHTTP1
import PorticoStore

/// A real `portico` child process (serve, worker), as production runs it.
final class PorticoProcess: @unchecked Sendable {
    let process = Process()
    let logFile: URL

    /// - Parameter databaseURL: nil leaves PORTICO_DATABASE_URL unset, so the default applies.
    init(_ arguments: [String], databaseURL: DatabaseURL?, environment extra: [String: String] = [:]) throws {
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("portico-\(arguments[0])-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process.executableURL = TestEnvironment.porticoBinary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PORTICO_") }
        environment["PORTICO_DATABASE_URL"] = databaseURL?.urlString
        environment["PORTICO_MIGRATIONS_PATH"] = TestEnvironment.migrationsPath.path
        environment["PORTICO_LOG_LEVEL"] = "info"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// SIGKILL: the process gets no chance to clean up, like a crashed host.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Waits for the process to exit by itself; nil if it is still running after `limit`.
    func exitStatus(within limit: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(100))
        }
        return process.terminationStatus
    }

    /// Waits until the log contains `text`; false if the process exits or `limit` passes first.
    func waitForLog(_ text: String, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while !log.contains(text) {
            guard ContinuousClock.now < deadline, process.isRunning else { return log.contains(text) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return true
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// A `serve` process on a free loopback port, returned once it answers.
    static func serve(databaseURL: DatabaseURL, environment: [String: String] = [:]) async throws -> (PorticoProcess, String) {
        let port = try FreePort.find()
        var values = environment
        values["PORTICO_PORT"] = String(port)
        values["PORTICO_HOST"] = "127.0.0.1"
        let process = try PorticoProcess(["serve"], databaseURL: databaseURL, environment: values)
        let base = "http://127.0.0.1:\(port)"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await HTTP.request(.GET, base + "/health/live"), status == 200 { return (process, base) }
            guard process.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.stop()
        throw ProcessFailure(message: "serve did not start:\n\(process.log)")
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

enum FreePort {
    /// Asks the kernel for a free loopback port.
    static func find() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ProcessFailure(message: "socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(socket, $0, length) }
        }
        guard bound == 0 else { throw ProcessFailure(message: "bind() failed") }
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Plain HTTP calls to child processes.
enum HTTP {
    static func request(
        _ method: HTTPMethod, _ url: String, token: String? = nil, json: Any? = nil
    ) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        let parsed = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return (Int(response.status.code), parsed)
    }
}

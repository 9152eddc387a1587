import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Connection options of every `portico admin` command.
struct AdminOptions: ParsableArguments {
    @Option(help: "Portico's base URL (default: $PORTICO_URL or http://127.0.0.1:8080).")
    var url: String?

    @Option(help: "Operator token (default: $PORTICO_OPERATOR_TOKEN).")
    var token: String?

    @Flag(help: "Print the server's JSON instead of a table.")
    var json = false

    func client() throws -> AdminClient {
        let environment = ProcessInfo.processInfo.environment
        let base = url ?? environment["PORTICO_URL"] ?? "http://127.0.0.1:8080"
        guard let token = token ?? environment["PORTICO_OPERATOR_TOKEN"], !token.isEmpty else {
            throw AdminFailure.usage("no operator token: pass --token or set PORTICO_OPERATOR_TOKEN")
        }
        guard let parsed = URL(string: base), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
            throw AdminFailure.usage("'\(base)' is not an http(s) URL")
        }
        return AdminClient(baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base, token: token)
    }
}

/// Why an admin command failed, with the exit code scripts can rely on.
enum AdminFailure: Error, CustomStringConvertible {
    case usage(String)
    case unreachable(String)
    case unauthorized(String)
    case notFound(String)
    case refused(Int, String)

    var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .unreachable: 69
        case .unauthorized: 77
        case .notFound: 4
        case .refused: 1
        }
    }

    var kind: String {
        switch self {
        case .usage: "usage"
        case .unreachable: "unreachable"
        case .unauthorized: "unauthorized"
        case .notFound: "not_found"
        case .refused: "refused"
        }
    }

    /// One JSON object on one line, for scripts that asked for `--json`.
    var json: String {
        var object: [String: Any] = ["error": kind, "exitCode": Int(exitCode), "message": description]
        if case .refused(let status, _) = self { object["status"] = status }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    var description: String {
        switch self {
        case .usage(let message), .unreachable(let message), .unauthorized(let message), .notFound(let message): message
        case .refused(let status, let message): "\(message) (HTTP \(status))"
        }
    }
}

/// A small client for `/admin/v1`. Returns parsed JSON; turns transport and HTTP errors into
/// `AdminFailure`s with messages for humans.
struct AdminClient {
    let baseURL: String
    let token: String

    /// One client for the process's one command, shut down by `runAdmin` when the command ends.
    /// Fails at once when nothing listens (the shared client keeps retrying until the deadline).
    fileprivate static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    func get(_ path: String, query: [String: String?] = [:]) async throws -> Any {
        try await send(.GET, path, query: query, body: nil)
    }

    func post(_ path: String, body: [String: Any]? = nil) async throws -> Any {
        try await send(.POST, path, query: [:], body: body)
    }

    func put(_ path: String, body: [String: Any]) async throws -> Any {
        try await send(.PUT, path, query: [:], body: body)
    }

    func delete(_ path: String) async throws -> Any {
        try await send(.DELETE, path, query: [:], body: nil)
    }

    private func send(_ method: HTTPMethod, _ path: String, query: [String: String?], body: [String: Any]?) async throws -> Any {
        var components = URLComponents(string: baseURL + path)!
        let items = query.compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }
        if !items.isEmpty { components.queryItems = items.sorted { $0.name < $1.name } }
        var request = HTTPClientRequest(url: components.string!)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await Self.http.execute(request, timeout: .seconds(60))
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw AdminFailure.unreachable(
                "cannot reach Portico at \(baseURL) (\(Self.reason(error))); is `portico serve` running and PORTICO_URL right?")
        }
        let data = Data(buffer: bytes)
        let parsed: Any = data.isEmpty ? [String: Any]() : ((try? JSONSerialization.jsonObject(with: data)) ?? [String: Any]())
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let problem = parsed as? [String: Any]
            let detail = (problem?["detail"] as? String) ?? String(decoding: data, as: UTF8.self)
            let code = (problem?["code"] as? String).map { "\($0): " } ?? ""
            switch status {
            case 401: throw AdminFailure.unauthorized(
                "the operator token was refused by \(baseURL) (\(code)\(detail)); check --token/PORTICO_OPERATOR_TOKEN and --url/PORTICO_URL")
            case 404: throw AdminFailure.notFound("\(code)\(detail)")
            default: throw AdminFailure.refused(status, "\(code)\(detail)")
            }
        }
        return parsed
    }

    private static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("Connection refused") { return "connection refused" }
        if error is HTTPClientError, text.contains("Timeout") || text.contains("timeout") { return "timed out" }
        return text
    }
}

/// Runs an admin command body and maps failures to messages (JSON ones under `--json`) and exit codes.
func runAdmin(_ options: AdminOptions, _ body: () async throws -> Void) async throws {
    do {
        do {
            try await body()
        } catch {
            try? await AdminClient.http.shutdown()
            throw error
        }
        try? await AdminClient.http.shutdown()
    } catch let failure as AdminFailure {
        let message = options.json ? failure.json : "portico admin: \(failure)"
        FileHandle.standardError.write(Data((message + "\n").utf8))
        throw ExitCode(failure.exitCode)
    }
}

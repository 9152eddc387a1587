import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PorticoApp
import PorticoGateway
import PorticoProvisioning

/// Runs the real application on a loopback port for the duration of a test. Every answer the
/// server gives is checked against its OpenAPI document when the test's body is done; each breach
/// of the contract is a test issue.
enum LiveServer {
    /// - Parameter credentials: the credential cache the server uses, for a test that watches it.
    static func with<Result: Sendable>(
        _ runtime: Runtime, credentials: CredentialCache? = nil, addRoutes: @escaping (GatewayRouter) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol) async throws -> Result
    ) async throws -> Result {
        let recorder = ResponseRecorder()
        // The test's own routes are no part of Portico's contract.
        let testRoutes = Recorder<String>()
        let app = try PorticoServer.buildApplication(runtime: runtime, credentials: credentials, addRoutes: { routes in
            let portico = routes.registeredRoutes.count
            addRoutes(routes)
            routes.registeredRoutes.dropFirst(portico).forEach { testRoutes.append($0.template) }
        }, observer: recorder)
        return try await app.test(.live) { client in
            let result = try await body(client)
            let exempt = Set(testRoutes.all)
            try await ContractCheck.record(recorder.exchanges.filter { !exempt.contains($0.route) }, servedBy: client)
            return result
        }
    }
}

extension TestClientProtocol {
    /// Sends a request with an optional bearer token and JSON body, and returns status, headers and parsed JSON.
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: Any? = nil, rawBody: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let rawBody {
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
            body = ByteBuffer(string: rawBody)
        }
        return try await execute(uri: path, method: method, headers: headers, body: body)
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var code: String? { json["code"] as? String }
}

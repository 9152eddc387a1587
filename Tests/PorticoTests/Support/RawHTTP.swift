import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore

/// Plain HTTP to a live server's port over AsyncHTTPClient's pool of connections, for requests
/// that must really run at the same time. HummingbirdTesting's live client pipelines every
/// request on its one connection, and the server answers a connection's requests one after
/// another: requests "sent at once" through it never overlap.
enum RawHTTP {
    static func send(
        port: Int, _ method: HTTPRequest.Method, _ path: String, token: String? = nil, headers: HTTPFields = [:],
        body: ByteBuffer? = nil
    ) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .RAW(value: method.rawValue)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        if let body { request.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let collected = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: collected))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json)
    }

    static func post(port: Int, _ path: String, token: String, json: Any) async throws -> (status: Int, json: [String: Any]) {
        try await post(port: port, path, token: token, body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
    }

    static func post(port: Int, _ path: String, token: String, body: ByteBuffer) async throws -> (status: Int, json: [String: Any]) {
        try await send(port: port, .post, path, token: token, headers: [.contentType: "application/json"], body: body)
    }
}

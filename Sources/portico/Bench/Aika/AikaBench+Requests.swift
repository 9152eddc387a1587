import AsyncHTTPClient
import Foundation
import NIOCore

/// AiKA's routes as the bench calls them, and the parts of their answers it reads.
extension AikaBench {
    struct Found: Decodable, Sendable {
        let sourceId: String
        let heading: String
        let relevance: Double?

        var label: String { "\(sourceId) § \(heading)" }
    }

    struct SearchAnswer: Decodable, Sendable {
        let items: [Found]
    }

    struct AskAnswer: Decodable, Sendable {
        let answer: String
        let answered: Bool
        let mode: String
        let citations: [Found]
    }

    /// What may stand unescaped in a query parameter's value (RFC 3986's unreserved characters).
    private static let queryValue = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func searchPath(_ question: String, limit: Int) -> String {
        "/api/aika/search?q=\(question.addingPercentEncoding(withAllowedCharacters: queryValue) ?? "")&limit=\(limit)"
    }

    func search(_ question: String, limit: Int, tenant: AikaTenant, client: HTTPClient) async throws -> [Found] {
        let answer = try await get(client, Self.searchPath(question, limit: limit), key: tenant.key)
        return try JSONDecoder().decode(SearchAnswer.self, from: Data(buffer: answer)).items
    }

    func ask(_ question: String, tenant: AikaTenant, client: HTTPClient) async throws -> AskAnswer {
        let body = ByteBuffer(data: try JSONEncoder().encode(["question": question]))
        let answer = try await send(client, "/api/aika/ask", key: tenant.key, body: body)
        return try JSONDecoder().decode(AskAnswer.self, from: Data(buffer: answer))
    }

    /// PUT of a JSON body; anything but 200 is an error.
    @discardableResult
    func put(_ client: HTTPClient, _ path: String, key: String, json: some Encodable) async throws -> ByteBuffer {
        try await send(client, path, key: key, body: ByteBuffer(data: try JSONEncoder().encode(json)), method: .PUT, timeout: .seconds(300))
    }
}

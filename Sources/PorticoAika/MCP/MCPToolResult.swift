import Foundation
import PorticoGateway

/// What a tool call returns: text blocks for the agent to read, the same data as JSON in
/// `structuredContent` where it has a shape, and `isError` for a call that could not be done
/// (bad arguments, nothing by that name): such errors are results the agent can act on, not
/// JSON-RPC errors.
struct MCPToolResult: Sendable, Encodable {
    struct Text: Sendable, Encodable {
        let type = "text"
        let text: String
    }

    let content: [Text]
    let structuredContent: (any Encodable & Sendable)?
    let isError: Bool

    private enum Key: String, CodingKey {
        case content, structuredContent, isError
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(content, forKey: .content)
        if let structuredContent { try container.encode(structuredContent, forKey: .structuredContent) }
        try container.encode(isError, forKey: .isError)
    }

    static func success(_ texts: [String], structured: (any Encodable & Sendable)? = nil) -> MCPToolResult {
        MCPToolResult(content: texts.map { Text(text: $0) }, structuredContent: structured, isError: false)
    }

    static func failure(_ message: String) -> MCPToolResult {
        MCPToolResult(content: [Text(text: message)], structuredContent: nil, isError: true)
    }

    /// A value as a JSON text block, for clients that show only `content`.
    static func jsonText(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder.portico.encode(value), as: UTF8.self)
    }
}

import PorticoCore

/// A tool as `tools/list` describes it to an agent and `tools/call` runs it.
struct MCPTool: Sendable {
    typealias Run = @Sendable (MCPToolArguments, MCPCaller) async throws -> MCPToolResult

    let name: String
    let title: String
    let description: String
    /// An object schema (`MCPSchema.object`); its properties are the only arguments a call may pass.
    let inputSchema: JSONValue
    /// False for a tool that records something (`ask` logs and meters the question).
    let readOnly: Bool
    let run: Run

    var argumentNames: Set<String> { Set(inputSchema["properties"]?.objectValue.map { Array($0.keys) } ?? []) }
}

extension MCPTool: Encodable {
    private enum Key: String, CodingKey {
        case name, title, description, inputSchema, annotations
    }

    private struct Annotations: Encodable {
        let title: String
        let readOnlyHint: Bool
        let destructiveHint = false
        let idempotentHint: Bool
        /// Every tool reads only the tenant's own knowledge, never the open web.
        let openWorldHint = false
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(name, forKey: .name)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(inputSchema, forKey: .inputSchema)
        try container.encode(Annotations(title: title, readOnlyHint: readOnly, idempotentHint: readOnly), forKey: .annotations)
    }
}

/// Who calls a tool: the tenant the API key belongs to, and the key's id (never the key) as the
/// asker recorded with a question.
struct MCPCaller: Sendable {
    let tenant: TenantContext
    let askedBy: String
}

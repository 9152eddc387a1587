/// The MCP revisions this server speaks and how it introduces itself on `initialize`.
enum MCPProtocol {
    static let latestVersion = "2025-06-18"
    static let supportedVersions: Set<String> = [latestVersion, "2025-03-26", "2024-11-05"]
    static let serverName = "portico-aika"
    static let serverVersion = "1.0.0"

    /// The client's revision when this server speaks it, else the latest: the client then decides
    /// whether it can go on (the spec's negotiation).
    static func negotiatedVersion(requested: String) -> String {
        supportedVersions.contains(requested) ? requested : latestVersion
    }

    struct InitializeResult: Encodable, Sendable {
        struct Capabilities: Encodable, Sendable {
            struct Tools: Encodable, Sendable { let listChanged = false }
            let tools = Tools()
        }

        struct ServerInfo: Encodable, Sendable {
            let name = MCPProtocol.serverName
            let version = MCPProtocol.serverVersion
        }

        let protocolVersion: String
        let capabilities = Capabilities()
        let serverInfo = ServerInfo()
        let instructions = """
            AiKA answers from this organization's own software catalog and documents only, and cites them. \
            Use who_owns and get_entity for facts about a catalog entity, search_knowledge to find passages, \
            and ask for a written answer to a question.
            """
    }
}

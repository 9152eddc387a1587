extension MCPTool {
    static let searchLimits = 1...50
    static let defaultSearchLimit = 10

    /// `search_knowledge`: the passages `GET /api/aika/search` finds, best first.
    static func searchKnowledge(_ search: PassageSearch) -> MCPTool {
        MCPTool(
            name: "search_knowledge", title: "Search the organization's knowledge",
            description: """
                Finds the passages of this organization's documents and catalog entities that best match a text, \
                best first: each with its title, url, entityRef (the catalog entity it is about), heading and a \
                snippet around the matching words. Use it to find sources; use ask for an answer.
                """,
            inputSchema: MCPSchema.object([
                "query": MCPSchema.string("The words to look for.", maxLength: AskRequest.maximumQuestionCharacters),
                "limit": MCPSchema.integer("How many passages at most.", range: searchLimits, default: defaultSearchLimit),
            ], required: ["query"]),
            readOnly: true
        ) { arguments, caller in
            let query = try arguments.questionText("query")
            let limit = try arguments.integer("limit", range: searchLimits, default: defaultSearchLimit)
            let items = try await search.search(query, limit: limit, for: caller.tenant.id).passages.map(Citation.init)
            let text = items.isEmpty ? "No passage matches '\(query)'." : try MCPToolResult.jsonText(items)
            return .success([text], structured: SearchResponse(items: items))
        }
    }
}

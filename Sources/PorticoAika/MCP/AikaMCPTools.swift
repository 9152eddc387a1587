/// The tools AiKA's MCP server offers, in the order `tools/list` gives them.
enum AikaMCPTools {
    static func all(asking: AskService, search: PassageSearch, knowledge: KnowledgeStore, catalog: CatalogAnswerer) -> [MCPTool] {
        [.ask(asking), .searchKnowledge(search), .getEntity(knowledge), .whoOwns(catalog)]
    }
}

import PorticoCore

extension MCPTool {
    /// `get_entity`: what AiKA holds about one catalog entity.
    static func getEntity(_ knowledge: KnowledgeStore) -> MCPTool {
        MCPTool(
            name: "get_entity", title: "Get a catalog entity",
            description: """
                Returns what AiKA knows about one entity of this organization's software catalog: its title, page, \
                owner, its relations (ownedBy, partOf, providesApi, consumesApi, dependsOn, ...) and its knowledge \
                passages (a description in sentences and, for an API, its definition).
                """,
            inputSchema: MCPSchema.object([
                "ref": MCPSchema.string(
                    "The entity's ref, kind:namespace/name (component:default/payments); the namespace defaults to 'default'."),
            ], required: ["ref"]),
            readOnly: true
        ) { arguments, caller in
            guard let ref = EntityName(try arguments.requiredString("ref"))?.ref else {
                throw PorticoError.invalidRequest(
                    "'ref' must be an entity ref, kind:namespace/name (component:default/payments), of at most \(EntityName.maximumCharacters) characters.",
                    field: "ref")
            }
            guard let source = try await knowledge.source(KnowledgeSource.entityID(ref), for: caller.tenant.id) else {
                return .failure("No entity \(ref) is known to AiKA: it is not in this organization's catalog, or not indexed yet.")
            }
            let entity = EntityFacts(source)
            return .success([entity.text], structured: entity)
        }
    }
}

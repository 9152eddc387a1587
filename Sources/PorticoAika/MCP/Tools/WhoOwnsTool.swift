import PorticoCore

extension MCPTool {
    /// `who_owns`: the catalog's `ownedBy` relation of one entity, as a catalog question answers it.
    static func whoOwns(_ catalog: CatalogAnswerer) -> MCPTool {
        MCPTool(
            name: "who_owns", title: "Who owns an entity",
            description: """
                Tells which teams or people own an entity of this organization's software catalog, from the catalog's \
                ownedBy relations. Name the entity by its ref (component:default/payments) or by its name (payments).
                """,
            inputSchema: MCPSchema.object([
                "entity": MCPSchema.string("The entity's ref (component:default/payments) or name (payments)."),
            ], required: ["entity"]),
            readOnly: true
        ) { arguments, caller in
            let text = try arguments.requiredString("entity")
            guard let name = EntityName(text) else {
                throw PorticoError.invalidRequest(
                    "'entity' must be an entity's name (payments) or ref (component:default/payments), of at most \(EntityName.maximumCharacters) characters.",
                    field: "entity")
            }
            let question = CatalogQuestion(relation: "ownedBy", subject: name.name, subjectKind: name.kind, subjectRef: name.ref)
            guard let found = try await catalog.answer(question, for: caller.tenant.id),
                  let ref = found.subject.entityRef, name.admits(ref) else {
                return .failure("No entity '\(text)' is in this organization's catalog (or it is not indexed yet).")
            }
            let ownership = Ownership(entity: ref, owners: found.targets)
            return .success([ownership.sentence], structured: ownership)
        }
    }
}

/// The answer of `who_owns`.
struct Ownership: Sendable, Encodable {
    let entity: String
    let owners: [String]

    var sentence: String {
        owners.isEmpty ? "The catalog records no owner of \(entity)." : "\(entity) is owned by \(owners.joined(separator: ", "))."
    }
}

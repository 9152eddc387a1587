import Foundation

/// An entity ready to be written: validated, with its relations (whose references are part of
/// validation) and content hash. Search rows are built only for entities that are written.
struct ProcessedEntity: Sendable {
    let entity: Entity
    let key: String
    let relations: [Relation]
    let contentHash: String

    init(_ entity: Entity) throws(EntityProblem) {
        self.entity = entity
        self.key = entity.ref.key
        self.relations = try RelationRules.relations(of: entity)
        self.contentHash = entity.contentHash
    }

    var searchRows: [SearchRow] { SearchRows.rows(for: entity) }
    var searchText: String { SearchRows.fullText(for: entity) }
}

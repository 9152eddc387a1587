import Foundation

/// An entity ready to be written: validated, with its relations, search rows and hash.
struct ProcessedEntity: Sendable {
    let entity: Entity
    let key: String
    let relations: [Relation]
    let searchRows: [SearchRow]
    let searchText: String
    let contentHash: String

    init(_ entity: Entity) throws(EntityProblem) {
        self.entity = entity
        self.key = entity.ref.key
        self.relations = try RelationRules.relations(of: entity)
        self.searchRows = SearchRows.rows(for: entity)
        self.searchText = SearchRows.fullText(for: entity)
        self.contentHash = entity.contentHash
    }
}

import Foundation

/// One source of knowledge as it is indexed: a catalog entity, a pushed document, or a page
/// fetched from an entity's techdocs-ref, already split into passages.
struct KnowledgeSource: Sendable, Equatable {
    enum Origin: String, Sendable {
        case catalog
        case pushed
        case techdocs
    }

    struct Passage: Sendable, Equatable {
        /// The heading path, `Title > Section > Subsection`.
        let heading: String
        let body: String
    }

    let id: String
    let origin: Origin
    let provider: String?
    /// Changes whenever the content changes (an etag, a hash): an unchanged source is not rewritten.
    let version: String
    let title: String
    let url: String?
    let entityRef: String?
    let ownerRef: String?
    /// The names a question may call the source by (entities: name, title, ref).
    let names: String
    /// Entities: their relations both ways (`ownedBy group:default/x`, `~ownerOf component:default/y`).
    let relations: [String]
    /// Entities: their `backstage.io/techdocs-ref`, whose pages workers fetch.
    var techdocsRef: String? = nil
    let passages: [Passage]

    static func entityID(_ ref: String) -> String { "entity:\(ref)" }
    static func documentID(_ id: String) -> String { "document:\(id)" }
    /// A page of an entity's fetched documentation.
    static func techdocsID(entity ref: String, page: String) -> String { "\(techdocsPrefix(entity: ref))\(page)" }
    static func techdocsPrefix(entity ref: String) -> String { "techdocs:\(ref)#" }
}

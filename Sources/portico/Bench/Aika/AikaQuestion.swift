/// A question of the corpus with what counts as its right answer.
struct AikaQuestion: Decodable, Sendable {
    enum Kind: String, Decodable, Sendable {
        case document, catalog, unanswerable
    }

    /// A passage that answers a document question: a page id and a heading path in it.
    struct Passage: Decodable, Sendable, CustomStringConvertible {
        let document: String
        let heading: String

        var sourceId: String { "document:\(document)" }
        var description: String { "\(document) § \(heading)" }
    }

    let id: String
    let question: String
    let kind: Kind
    /// Document questions: any one of these is a hit.
    let expected: [Passage]?
    /// Catalog questions: the exact set of refs that answers it.
    let entities: [String]?
}

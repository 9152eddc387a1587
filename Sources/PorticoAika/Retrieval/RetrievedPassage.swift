/// A passage retrieval found for a question, with how well it matches.
struct RetrievedPassage: Sendable, Equatable {
    let sourceID: String
    let ordinal: Int
    let origin: String
    let title: String
    let url: String?
    let entityRef: String?
    let ownerRef: String?
    let heading: String
    let body: String
    /// The part of the body around the question's words.
    let snippet: String
    /// The share of the question's information (inverse-document-frequency weight) the passage
    /// contains: 1 when every content word of the question is in it, rare words counting most.
    let coverage: Double
    let score: Double
}

/// A source an answer used, as the asker follows it: the document or entity page, the heading
/// the passage sits under, and the passage's words around the question's.
struct Citation: Codable, Sendable, Equatable {
    let title: String
    let url: String?
    let entityRef: String?
    let heading: String
    let snippet: String
    /// Which source and passage: `document:<id>`, `entity:<ref>`, `techdocs:<ref>#<page>`.
    let sourceId: String
    let passage: Int
    /// The share of the question's weighted words the passage holds (0-1): how sure retrieval is.
    let relevance: Double

    init(_ passage: RetrievedPassage) {
        title = passage.title
        url = passage.url
        entityRef = passage.entityRef
        heading = passage.heading
        snippet = passage.snippet
        sourceId = passage.sourceID
        self.passage = passage.ordinal
        relevance = (passage.coverage * 1_000).rounded() / 1_000
    }
}

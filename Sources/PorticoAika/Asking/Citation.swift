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

    init(_ passage: RetrievedPassage) {
        title = passage.title
        url = passage.url
        entityRef = passage.entityRef
        heading = passage.heading
        snippet = passage.snippet
        sourceId = passage.sourceID
        self.passage = passage.ordinal
    }
}

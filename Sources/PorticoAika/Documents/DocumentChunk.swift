/// One passage of a document, as the index stores it: where it sits in the document's outline and
/// its markdown text (without its heading line). The index searches `headingPath` and `text` together.
public struct DocumentChunk: Sendable, Equatable {
    /// Its position among the document's passages, from 0.
    public let ordinal: Int
    /// The page title first, then every heading down to the one the passage sits under.
    public let headingPath: [String]
    public let text: String

    public init(ordinal: Int, headingPath: [String], text: String) {
        self.ordinal = ordinal
        self.headingPath = headingPath
        self.text = text
    }
}

/// A document that would make more passages than the chunker may return. Refused whole: an index
/// that silently kept only the first passages would answer from part of a document as if it were all.
public struct DocumentTooLarge: Error, Sendable, Equatable, CustomStringConvertible {
    public let maximumChunks: Int

    public init(maximumChunks: Int) {
        self.maximumChunks = maximumChunks
    }

    public var description: String {
        "the document is too large to index: it makes more than \(maximumChunks) passages"
    }
}

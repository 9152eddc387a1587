/// One vector per input text, in the inputs' order, all of one dimension.
public struct Embeddings: Sendable, Equatable {
    public let vectors: [[Float]]
    public let usage: TokenUsage

    public var dimension: Int { vectors.first?.count ?? 0 }

    public init(vectors: [[Float]], usage: TokenUsage) {
        self.vectors = vectors
        self.usage = usage
    }
}

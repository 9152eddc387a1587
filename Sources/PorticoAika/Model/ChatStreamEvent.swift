/// What a streamed chat answer yields: pieces of text in order, then once what it cost.
public enum ChatStreamEvent: Sendable, Equatable {
    case delta(String)
    case finished(TokenUsage)
}

/// A chat model's whole answer and what it cost.
public struct ChatReply: Sendable, Equatable {
    public let text: String
    public let usage: TokenUsage

    public init(text: String, usage: TokenUsage) {
        self.text = text
        self.usage = usage
    }
}

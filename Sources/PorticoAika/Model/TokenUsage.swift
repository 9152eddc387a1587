/// The tokens a model call used: as the server counted them or, when it did not say, estimated.
public struct TokenUsage: Sendable, Equatable {
    public let promptTokens: Int
    public let completionTokens: Int
    /// The server reported no usage; the counts are characters divided by four.
    public let estimated: Bool

    public var totalTokens: Int { promptTokens + completionTokens }

    public init(promptTokens: Int, completionTokens: Int, estimated: Bool = false) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.estimated = estimated
    }

    /// About four characters a token: what English text averages with OpenAI's tokenizers.
    static func estimate(prompt: [String], completion: String = "") -> TokenUsage {
        func tokens(_ characters: Int) -> Int { (characters + 3) / 4 }
        return TokenUsage(
            promptTokens: tokens(prompt.reduce(0) { $0 + $1.count }), completionTokens: tokens(completion.count), estimated: true)
    }
}

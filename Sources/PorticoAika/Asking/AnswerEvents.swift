/// What a streaming asker receives while an answer is made: the citations first, then the
/// answer's text in pieces.
enum AnswerEvent: Sendable {
    case citations([Citation])
    case delta(String)
}

typealias AnswerEvents = @Sendable (AnswerEvent) async throws -> Void

import Foundation
import PorticoGateway

/// `POST /api/aika/ask`.
struct AskRequest: Decodable, Sendable {
    let question: String
    let conversationId: UUID?

    static let maximumQuestionCharacters = 2_000

    init(question: String, conversationId: UUID? = nil) {
        self.question = question
        self.conversationId = conversationId
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case question, conversationId }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        question = try container.decode(String.self, forKey: .question)
        conversationId = try container.decodeIfPresent(UUID.self, forKey: .conversationId)
    }
}

/// The answer to a question. `answered` is true only when the answer is drawn from the
/// citations: the catalog's relations, a confident retrieval quoted, or a model's text whose
/// every paragraph cites a retrieved passage.
struct AskAnswer: Codable, Sendable {
    enum Mode: String, Codable, Sendable {
        /// From the catalog's relations.
        case catalog
        /// Written by the tenant's (or the operator's) model from the cited passages.
        case model
        /// The best passages, quoted (no model configured).
        case extractive
        /// The model failed or timed out; the passages, quoted.
        case fallback
    }

    let answer: String
    let answered: Bool
    let citations: [Citation]
    let conversationId: UUID
    let answerId: UUID
    let mode: Mode
    /// Why a model was configured but not used (its error, a timeout, the rate limit).
    let modelProblem: String?
}

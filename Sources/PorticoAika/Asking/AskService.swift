import Foundation
import Logging
import PorticoCore
import PorticoStore

/// Answers a tenant's question from its own knowledge only: the catalog's relations for catalog
/// questions, otherwise the best passages, written up by a model when one is configured and
/// answers in time, quoted when not. Every question is logged for reports and knowledge gaps,
/// and metered.
struct AskService: Sendable {
    static let retrievedPassages = 8

    let search: PassageSearch
    let catalog: CatalogAnswerer
    let log: QuestionLog
    let usage: any UsageRecorder
    let logger: Logger

    func ask(_ request: AskRequest, tenant: TenantContext, askedBy: String) async throws -> AskAnswer {
        let question = try Self.validated(request.question)
        let conversation = try await conversation(request.conversationId, tenant: tenant.id)
        let answerID = UUID()
        let askedAt = Date()

        var answer: AskAnswer
        var topic = ""
        var owner: String?
        if let catalogQuestion = CatalogQuestion(question),
           let found = try await catalog.answer(catalogQuestion, for: tenant.id) {
            answer = AskAnswer(
                answer: CatalogAnswerer.sentence(for: found), answered: true, citations: [Citation(found.subject)],
                conversationId: conversation.id, answerId: answerID, mode: .catalog, modelProblem: nil)
            topic = "catalog \(found.relation) \(found.subject.entityRef ?? "")"
            owner = found.subject.ownerRef
        } else {
            let query = Self.retrievalText(question, previous: conversation.turns)
            let found = try await search.search(query, limit: Self.retrievedPassages, for: tenant.id)
            let extractive = ExtractiveAnswer.answer(from: found.passages)
            answer = AskAnswer(
                answer: extractive.text, answered: extractive.answered, citations: extractive.cited.map(Citation.init),
                conversationId: conversation.id, answerId: answerID, mode: .extractive, modelProblem: nil)
            topic = Self.topic(of: found.terms)
            owner = found.passages.first?.ownerRef
        }

        try await log.record(QuestionLog.Entry(
            id: answerID, conversationID: conversation.id, askedAt: askedAt, askedBy: askedBy, question: question,
            answer: answer, topic: topic, ownerRef: owner, tokens: 0), for: tenant.id)
        try await usage.record([UsageRecord(
            tenant: tenant.id, meter: AikaModule.questionsMeter, quantity: 1, idempotencyKey: "aika.question:\(answerID)", occurredAt: askedAt)])
        return answer
    }

    static func validated(_ question: String) throws -> String {
        let trimmed = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw PorticoError.invalidRequest("'question' must not be empty.", field: "question")
        }
        guard trimmed.count <= AskRequest.maximumQuestionCharacters else {
            throw PorticoError.invalidRequest(
                "'question' must be at most \(AskRequest.maximumQuestionCharacters) characters.", field: "question")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw PorticoError.invalidRequest("'question' must not contain NUL characters.", field: "question")
        }
        return trimmed
    }

    private func conversation(_ id: UUID?, tenant: TenantID) async throws -> (id: UUID, turns: [QuestionLog.Turn]) {
        guard let id else { return (UUID(), []) }
        guard let turns = try await log.turns(of: id, for: tenant) else {
            throw PorticoError.notFound("No conversation \(id) was found.")
        }
        return (id, turns)
    }

    /// A follow-up ("and who is on call for it?") is searched with the previous question's words too.
    static func retrievalText(_ question: String, previous: [QuestionLog.Turn]) -> String {
        guard let last = previous.last, question.split(separator: " ").count < 6 else { return question }
        return question + " " + last.question
    }

    /// The question's three rarest words, in a fixed order: questions about the same thing share it.
    static func topic(of terms: QuestionTerms) -> String {
        terms.terms.prefix(3).map(\.lexeme).sorted().joined(separator: " ")
    }
}

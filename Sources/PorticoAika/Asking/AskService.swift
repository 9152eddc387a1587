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

    /// A question checked and placed in its conversation, before any answer is streamed: its
    /// problems are still plain 4xx answers.
    struct PreparedQuestion: Sendable {
        let text: String
        let conversationID: UUID
        let previousTurns: [QuestionLog.Turn]
        let tenant: TenantContext
        let askedBy: String
    }

    func prepare(_ request: AskRequest, tenant: TenantContext, askedBy: String) async throws -> PreparedQuestion {
        let text = try Self.validated(request.question)
        var conversationID = UUID()
        var turns: [QuestionLog.Turn] = []
        if let requested = request.conversationId {
            guard let found = try await log.turns(of: requested, for: tenant.id) else {
                throw PorticoError.notFound("No conversation \(requested) was found.")
            }
            conversationID = requested
            turns = found
        }
        return PreparedQuestion(text: text, conversationID: conversationID, previousTurns: turns, tenant: tenant, askedBy: askedBy)
    }

    func ask(_ request: AskRequest, tenant: TenantContext, askedBy: String) async throws -> AskAnswer {
        try await answer(try await prepare(request, tenant: tenant, askedBy: askedBy), events: nil)
    }

    /// Answers a prepared question; `events` (a streaming asker) gets the citations first, then
    /// the answer's text as it is written.
    func answer(_ question: PreparedQuestion, events: AnswerEvents?) async throws -> AskAnswer {
        let answerID = UUID()
        let askedAt = Date()
        let tenant = question.tenant
        var answer: AskAnswer
        var topic = ""
        var owner: String?
        if let catalogQuestion = CatalogQuestion(question.text),
           let found = try await catalog.answer(catalogQuestion, for: tenant.id) {
            answer = AskAnswer(
                answer: CatalogAnswerer.sentence(for: found), answered: true, citations: [Citation(found.subject)],
                conversationId: question.conversationID, answerId: answerID, mode: .catalog, modelProblem: nil)
            topic = "catalog \(found.relation) \(found.subject.entityRef ?? "")"
            owner = found.subject.ownerRef
        } else {
            let query = Self.retrievalText(question.text, previous: question.previousTurns)
            let found = try await search.search(query, limit: Self.retrievedPassages, for: tenant.id)
            let extractive = ExtractiveAnswer.answer(from: found.passages)
            answer = AskAnswer(
                answer: extractive.text, answered: extractive.answered, citations: extractive.cited.map(Citation.init),
                conversationId: question.conversationID, answerId: answerID, mode: .extractive, modelProblem: nil)
            topic = Self.topic(of: found.terms)
            owner = found.passages.first?.ownerRef
        }
        if let events {
            try await events(.citations(answer.citations))
            try await events(.delta(answer.answer))
        }

        try await log.record(QuestionLog.Entry(
            id: answerID, conversationID: question.conversationID, askedAt: askedAt, askedBy: question.askedBy,
            question: question.text, answer: answer, topic: topic, ownerRef: owner, tokens: 0), for: tenant.id)
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

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
    static let maximumAnswerTokens = 700

    let search: PassageSearch
    let catalog: CatalogAnswerer
    let log: QuestionLog
    let usage: any UsageRecorder
    let models: ModelChoice
    let clients: ModelClients
    let limiter: ModelCallLimiter
    let modelDeadline: Duration
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
        let started = ContinuousClock.now
        let answerID = UUID()
        let askedAt = Date()
        let tenant = question.tenant
        var answer: AskAnswer
        var topic = ""
        var owner: String?
        var tokens = 0
        var streamed = false
        if let catalogQuestion = CatalogQuestion(question.text),
           let found = try await catalog.answer(catalogQuestion, for: tenant.id) {
            // "The catalog records no owner" is exact, and still a gap for the entity's people to fill.
            answer = AskAnswer(
                answer: CatalogAnswerer.sentence(for: found), answered: !found.targets.isEmpty, citations: [Citation(found.subject)],
                conversationId: question.conversationID, answerId: answerID, mode: .catalog, modelProblem: nil)
            topic = "catalog \(found.relation) \(found.subject.entityRef ?? "")"
            owner = found.subject.ownerRef
        } else {
            let query = Self.retrievalText(question.text, previous: question.previousTurns)
            let searchStarted = ContinuousClock.now
            let found = try await search.search(query, limit: Self.retrievedPassages, for: tenant.id)
            AikaMetrics.retrieval.record(duration: ContinuousClock.now - searchStarted)
            topic = Self.topic(of: found.terms)
            owner = found.passages.first?.ownerRef
            let written = try await written(question, passages: found.passages, answerID: answerID, events: events)
            answer = written.answer
            tokens = written.tokens
            streamed = written.streamed
        }
        if !streamed, let events {
            try await events(.citations(answer.citations))
            try await events(.delta(answer.answer))
        }

        try await log.record(QuestionLog.Entry(
            id: answerID, conversationID: question.conversationID, askedAt: askedAt, askedBy: question.askedBy,
            question: question.text, answer: answer, topic: topic, ownerRef: owner, tokens: tokens), for: tenant.id)
        var used = [UsageRecord(
            tenant: tenant.id, meter: AikaModule.questionsMeter, quantity: 1, idempotencyKey: "aika.question:\(answerID)", occurredAt: askedAt)]
        if tokens > 0 {
            used.append(UsageRecord(
                tenant: tenant.id, meter: AikaModule.tokensMeter, quantity: Int64(tokens), idempotencyKey: "aika.tokens:\(answerID)",
                occurredAt: askedAt))
        }
        try await usage.record(used)
        AikaMetrics.question(answer)
        AikaMetrics.answering.record(duration: ContinuousClock.now - started)
        return answer
    }

    /// The answer from the passages: the model's when one is configured, admitted by the tenant's
    /// rate limit and grounded in time; otherwise the passages quoted (flagged when a model was
    /// meant to answer). A streaming asker has already received the model's text when its
    /// answer turns out ungrounded: `done` carries the answer of record.
    private func written(
        _ question: PreparedQuestion, passages: [RetrievedPassage], answerID: UUID, events: AnswerEvents?
    ) async throws -> (answer: AskAnswer, tokens: Int, streamed: Bool) {
        func extractive(_ mode: AskAnswer.Mode, problem: String?) -> AskAnswer {
            let quoted = ExtractiveAnswer.answer(from: passages)
            return AskAnswer(
                answer: quoted.text, answered: quoted.answered, citations: quoted.cited.map(Citation.init),
                conversationId: question.conversationID, answerId: answerID, mode: mode, modelProblem: problem)
        }
        guard !passages.isEmpty else { return (extractive(.extractive, problem: nil), 0, false) }
        let endpoint: ModelEndpoint
        let client: ModelClient
        switch try await models.chat(for: question.tenant.id) {
        case .none: return (extractive(.extractive, problem: nil), 0, false)
        case .unusable(let reason): return (extractive(.fallback, problem: reason), 0, false)
        case .endpoint(let chosen, let operatorConfigured):
            endpoint = chosen
            client = clients.client(operatorConfigured: operatorConfigured)
        }
        guard limiter.admit(question.tenant.id) else {
            return (extractive(.fallback, problem: "rate_limited: the tenant's model calls per minute are used up"), 0, false)
        }
        let shown = Array(passages.prefix(GroundedPrompt.passagesShown))
        if let events { try await events(.citations(shown.map(Citation.init))) }
        let messages = GroundedPrompt.messages(question: question.text, passages: shown, previous: question.previousTurns)
        var text = ""
        var tokens = 0
        do {
            for try await event in client.stream(messages, endpoint: endpoint, deadline: modelDeadline, maxTokens: Self.maximumAnswerTokens) {
                switch event {
                case .delta(let piece):
                    text += piece
                    if let events { try await events(.delta(piece)) }
                case .finished(let usage):
                    tokens = usage.totalTokens
                }
            }
        } catch let failure as ModelFailure {
            logger.warning("aika model call failed", metadata: ["tenant": "\(question.tenant.id)", "problem": "\(failure.code.rawValue)"])
            return (extractive(.fallback, problem: failure.description), tokens, events != nil)
        }
        let verdict = CitationCheck.check(text, passages: shown.count)
        guard verdict.grounded, let lastCited = verdict.cited.max() else {
            let closest = shown.prefix(3).map(Citation.init)
            return (AskAnswer(
                answer: "I could not find a confident answer in your catalog or documents. The closest sources are cited below.",
                answered: false, citations: Array(closest), conversationId: question.conversationID, answerId: answerID,
                mode: .model, modelProblem: verdict.cited.isEmpty && !text.isEmpty && !text.lowercased().hasPrefix("i don") ? "the model's answer cited no passage" : nil), tokens, events != nil)
        }
        return (AskAnswer(
            answer: text.trimmingCharacters(in: .whitespacesAndNewlines), answered: true,
            citations: shown.prefix(lastCited).map(Citation.init), conversationId: question.conversationID, answerId: answerID,
            mode: .model, modelProblem: nil), tokens, events != nil)
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

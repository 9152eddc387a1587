import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// `aika_questions`: every question with its answer, where an unanswered one is routed, and the
/// asker's feedback. Reports, knowledge gaps and stale documents are read from it.
struct QuestionLog: Sendable {
    struct Entry: Sendable {
        let id: UUID
        let conversationID: UUID
        let askedAt: Date
        let askedBy: String
        let question: String
        let answer: AskAnswer
        let topic: String
        let ownerRef: String?
        let tokens: Int
    }

    struct Turn: Sendable {
        let question: String
        let answer: String
    }

    static let turnsRemembered = 3

    let database: Database

    func record(_ entry: Entry, for tenant: TenantID) async throws {
        let citations = String(decoding: try JSONEncoder().encode(entry.answer.citations.map(StoredCitation.init)), as: UTF8.self)
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute("""
                INSERT INTO aika_questions (id, conversation_id, asked_at, asked_by, question, answer, answered, mode,
                                            citations, topic, owner_ref, tokens)
                VALUES (\(entry.id), \(entry.conversationID), \(entry.askedAt), \(entry.askedBy), \(entry.question),
                        \(entry.answer.answer), \(entry.answer.answered), \(entry.answer.mode.rawValue), \(citations)::jsonb,
                        \(entry.topic), \(entry.ownerRef), \(entry.tokens))
                """, logger: database.logger)
        }
    }

    /// The last turns of a conversation, oldest first; nil when the tenant has no such conversation.
    func turns(of conversation: UUID, for tenant: TenantID) async throws -> [Turn]? {
        try await database.withTenantTransaction(tenant) { connection in
            var turns: [Turn] = []
            let rows = try await connection.checkedQuery("""
                SELECT question, answer FROM aika_questions WHERE conversation_id = \(conversation)
                ORDER BY asked_at DESC LIMIT \(Self.turnsRemembered)
                """, logger: database.logger)
            for try await (question, answer) in rows.decode((String, String).self) {
                turns.append(Turn(question: question, answer: answer))
            }
            return turns.isEmpty ? nil : turns.reversed()
        }
    }

    /// Deletes the questions asked before `cutoff`; returns how many went.
    func deleteQuestions(askedBefore cutoff: Date, for tenant: TenantID) async throws -> Int {
        try await database.withTenantTransaction(tenant) { connection in
            var deleted = 0
            for try await count in try await connection.checkedQuery("""
                WITH gone AS (DELETE FROM aika_questions WHERE asked_at < \(cutoff) RETURNING 1) SELECT count(*)::int FROM gone
                """, logger: database.logger).decode(Int.self) {
                deleted = count
            }
            return deleted
        }
    }

    /// Records the asker's verdict on an answer; false when the tenant has no such answer.
    func recordFeedback(on answer: UUID, helpful: Bool, comment: String?, for tenant: TenantID) async throws -> Bool {
        try await database.withTenantTransaction(tenant) { connection in
            var updated = false
            for try await _ in try await connection.checkedQuery("""
                UPDATE aika_questions SET helpful = \(helpful), feedback_comment = \(comment), feedback_at = \(Date())
                WHERE id = \(answer) RETURNING 1
                """, logger: database.logger) {
                updated = true
            }
            return updated
        }
    }
}

/// What is kept of a citation with the question: enough to list a document as cited.
struct StoredCitation: Codable, Sendable {
    let sourceId: String
    let passage: Int
    let title: String
    let url: String?
    let entityRef: String?
    let heading: String

    init(_ citation: Citation) {
        sourceId = citation.sourceId
        passage = citation.passage
        title = citation.title
        url = citation.url
        entityRef = citation.entityRef
        heading = citation.heading
    }
}

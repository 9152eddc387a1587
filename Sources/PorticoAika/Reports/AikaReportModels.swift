import Foundation

/// `GET /api/aika/gaps`: what askers did not get answered, grouped by topic and routed to the
/// owner of the closest source.
struct KnowledgeGaps: Encodable, Sendable {
    struct Gap: Encodable, Sendable {
        let topic: String
        let owner: String?
        let questions: Int
        let unanswered: Int
        let unhelpful: Int
        let lastAskedAt: Date
        let examples: [String]
    }

    let since: Date
    let items: [Gap]
}

/// `GET /api/aika/stale-documents`: documents still cited that answers found unhelpful, or that
/// have not changed for longer than the tenant's `staleAfterDays`.
struct StaleDocuments: Encodable, Sendable {
    struct Document: Encodable, Sendable {
        let sourceId: String
        let title: String
        let url: String?
        let entityRef: String?
        let owner: String?
        let updatedAt: Date
        let citations: Int
        let unhelpfulCitations: Int
        let lastCitedAt: Date
        let reasons: [String]
    }

    let staleAfterDays: Int
    let items: [Document]
}

/// `GET /api/aika/reports`: questions per day, answered and helpful rates, top topics and the
/// most cited sources.
struct AikaUsageReport: Encodable, Sendable {
    struct Day: Encodable, Sendable {
        let day: String
        let questions: Int
        let answered: Int
        let helpful: Int
        let unhelpful: Int
    }

    struct Topic: Encodable, Sendable {
        let topic: String
        let questions: Int
        let example: String
    }

    struct CitedSource: Encodable, Sendable {
        let sourceId: String
        let title: String
        let citations: Int
    }

    let from: String
    let to: String
    let days: [Day]
    let questions: Int
    let answeredRate: Double?
    let helpfulRate: Double?
    let topQuestions: [Topic]
    let topCitedSources: [CitedSource]
}

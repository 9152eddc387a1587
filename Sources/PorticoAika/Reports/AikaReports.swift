import Foundation
import PorticoCore
import PorticoStore
import PostgresNIO

/// Reads the question log into the reports of the closing loop: knowledge gaps, stale documents
/// and usage. Every report covers the last `days` days.
struct AikaReports: Sendable {
    static let citationWindowDays = 90

    let database: Database

    func gaps(owner: String?, days: Int, limit: Int, for tenant: TenantID) async throws -> KnowledgeGaps {
        let since = Date().addingTimeInterval(-Double(days) * 86_400)
        return try await database.withTenantTransaction(tenant) { connection in
            var items: [KnowledgeGaps.Gap] = []
            let rows = try await connection.checkedQuery("""
                SELECT topic, owner_ref, count(*)::int, count(*) FILTER (WHERE NOT answered)::int,
                       count(*) FILTER (WHERE helpful = false)::int, max(asked_at),
                       (array_agg(question ORDER BY asked_at DESC))[1:3]
                FROM aika_questions
                WHERE (NOT answered OR helpful = false) AND asked_at >= \(since)
                  AND (\(owner)::text IS NULL OR owner_ref = \(owner))
                GROUP BY topic, owner_ref
                ORDER BY count(*) DESC, max(asked_at) DESC, topic
                LIMIT \(limit)
                """, logger: database.logger)
            for try await row in rows.decode((String, String?, Int, Int, Int, Date, [String]).self) {
                items.append(KnowledgeGaps.Gap(
                    topic: row.0, owner: row.1, questions: row.2, unanswered: row.3, unhelpful: row.4, lastAskedAt: row.5, examples: row.6))
            }
            return KnowledgeGaps(since: since, items: items)
        }
    }

    func staleDocuments(staleAfterDays: Int, limit: Int, for tenant: TenantID) async throws -> StaleDocuments {
        let now = Date()
        let citedSince = now.addingTimeInterval(-Double(Self.citationWindowDays) * 86_400)
        let staleBefore = now.addingTimeInterval(-Double(staleAfterDays) * 86_400)
        return try await database.withTenantTransaction(tenant) { connection in
            var items: [StaleDocuments.Document] = []
            let rows = try await connection.checkedQuery("""
                WITH cited AS (
                    SELECT c->>'sourceId' AS source_id, count(*)::int AS citations,
                           count(*) FILTER (WHERE q.helpful = false)::int AS unhelpful, max(q.asked_at) AS last_cited
                    FROM aika_questions q, jsonb_array_elements(q.citations) c
                    WHERE q.asked_at >= \(citedSince)
                    GROUP BY 1
                )
                SELECT c.source_id, p.title, p.url, p.entity_ref, p.owner_ref, p.updated_at, c.citations, c.unhelpful, c.last_cited
                FROM cited c JOIN aika_passages p ON p.source_id = c.source_id AND p.ordinal = 0
                WHERE p.origin <> 'catalog' AND (c.unhelpful > 0 OR p.updated_at < \(staleBefore))
                ORDER BY c.unhelpful DESC, p.updated_at, c.source_id
                LIMIT \(limit)
                """, logger: database.logger)
            for try await row in rows.decode((String, String, String?, String?, String?, Date, Int, Int, Date).self) {
                var reasons: [String] = []
                if row.7 > 0 { reasons.append("cited_by_unhelpful_answers") }
                if row.5 < staleBefore { reasons.append("not_updated") }
                items.append(StaleDocuments.Document(
                    sourceId: row.0, title: row.1, url: row.2, entityRef: row.3, owner: row.4, updatedAt: row.5,
                    citations: row.6, unhelpfulCitations: row.7, lastCitedAt: row.8, reasons: reasons))
            }
            return StaleDocuments(staleAfterDays: staleAfterDays, items: items)
        }
    }

    func usage(days: Int, for tenant: TenantID) async throws -> AikaUsageReport {
        let calendar = Calendar.utc
        let today = calendar.startOfDay(for: Date())
        let from = calendar.date(byAdding: .day, value: -(days - 1), to: today) ?? today
        let end = calendar.date(byAdding: .day, value: 1, to: today) ?? today
        return try await database.withTenantTransaction(tenant) { connection in
            var daily: [AikaUsageReport.Day] = []
            for try await row in try await connection.checkedQuery("""
                SELECT to_char(asked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*)::int, count(*) FILTER (WHERE answered)::int,
                       count(*) FILTER (WHERE helpful)::int, count(*) FILTER (WHERE helpful = false)::int
                FROM aika_questions WHERE asked_at >= \(from) AND asked_at < \(end)
                GROUP BY 1 ORDER BY 1
                """, logger: database.logger).decode((String, Int, Int, Int, Int).self) {
                daily.append(AikaUsageReport.Day(day: row.0, questions: row.1, answered: row.2, helpful: row.3, unhelpful: row.4))
            }
            var topics: [AikaUsageReport.Topic] = []
            for try await row in try await connection.checkedQuery("""
                SELECT topic, count(*)::int, (array_agg(question ORDER BY asked_at DESC))[1]
                FROM aika_questions WHERE asked_at >= \(from) AND asked_at < \(end)
                GROUP BY topic ORDER BY count(*) DESC, topic LIMIT 10
                """, logger: database.logger).decode((String, Int, String).self) {
                topics.append(AikaUsageReport.Topic(topic: row.0, questions: row.1, example: row.2))
            }
            var cited: [AikaUsageReport.CitedSource] = []
            for try await row in try await connection.checkedQuery("""
                SELECT c->>'sourceId', max(c->>'title'), count(*)::int
                FROM aika_questions q, jsonb_array_elements(q.citations) c
                WHERE q.asked_at >= \(from) AND q.asked_at < \(end)
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 10
                """, logger: database.logger).decode((String, String, Int).self) {
                cited.append(AikaUsageReport.CitedSource(sourceId: row.0, title: row.1, citations: row.2))
            }
            let questions = daily.reduce(0) { $0 + $1.questions }
            let answered = daily.reduce(0) { $0 + $1.answered }
            let judged = daily.reduce(0) { $0 + $1.helpful + $1.unhelpful }
            let helpful = daily.reduce(0) { $0 + $1.helpful }
            return AikaUsageReport(
                from: Self.day(from), to: Self.day(today), days: daily, questions: questions,
                answeredRate: questions == 0 ? nil : Double(answered) / Double(questions),
                helpfulRate: judged == 0 ? nil : Double(helpful) / Double(judged),
                topQuestions: topics, topCitedSources: cited)
        }
    }

    private static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}

import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Lexical retrieval over a tenant's passages. PostgreSQL's ranking functions do not weigh words
/// by rarity, so the score is computed here: each of the question's words the passage contains
/// adds the word's inverse document frequency, half as much again when it is in the heading or
/// the names; ties go to `ts_rank_cd` (proximity). Every candidate comes from the GIN index.
struct PassageSearch: Sendable {
    static let documentFrequencyCap = 5_000

    let database: Database

    func search(_ question: String, limit: Int, for tenant: TenantID) async throws -> (terms: QuestionTerms, passages: [RetrievedPassage]) {
        try await database.withTenantTransaction(tenant) { connection in
            let terms = try await Self.terms(of: question, on: connection, logger: database.logger)
            let passages = try await Self.rank(terms, limit: limit, on: connection, logger: database.logger)
            return (terms, passages)
        }
    }

    static func terms(of question: String, on connection: PostgresConnection, logger: Logger) async throws -> QuestionTerms {
        var lexemes: [(String, Int)] = []
        let rows = try await connection.checkedQuery("""
            SELECT l.lexeme, (SELECT count(*)::int FROM (
                        SELECT 1 FROM aika_passages WHERE terms @@ quote_literal(l.lexeme)::tsquery LIMIT \(documentFrequencyCap)) m)
            FROM (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', \(question)))) AS lexeme) l
            """, logger: logger)
        for try await (lexeme, frequency) in rows.decode((String, Int).self) { lexemes.append((lexeme, frequency)) }
        var passageCount = 0
        for try await count in try await connection.checkedQuery("""
            SELECT CASE WHEN c.reltuples > 1000 THEN c.reltuples::int8
                        ELSE (SELECT count(*) FROM aika_passages) END
            FROM pg_class c WHERE c.oid = 'aika_passages'::regclass
            """, logger: logger).decode(Int64.self) {
            passageCount = Int(count)
        }
        return QuestionTerms(lexemes: lexemes, passageCount: passageCount)
    }

    static func rank(_ terms: QuestionTerms, limit: Int, on connection: PostgresConnection, logger: Logger) async throws -> [RetrievedPassage] {
        let searchable = terms.searchable
        guard !searchable.isEmpty else { return [] }
        var sql = SQLBuilder()
        let anyTerm = sql.bind(searchable.map { quoted($0.lexeme) }.joined(separator: " | "))
        var scoreParts: [String] = []
        for term in searchable {
            let inBody = sql.bind(quoted(term.lexeme))
            let inHeading = sql.bind(quoted(term.lexeme) + ":A")
            let weight = sql.bind(term.weight)
            scoreParts.append(
                "(CASE WHEN terms @@ \(inBody)::tsquery THEN \(weight)::float8 ELSE 0 END"
                + " + CASE WHEN terms @@ \(inHeading)::tsquery THEN 0.5 * \(weight)::float8 ELSE 0 END)")
        }
        let coverageParts = searchable.map { term in
            "CASE WHEN terms @@ \(sql.bind(quoted(term.lexeme)))::tsquery THEN \(sql.bind(term.weight))::float8 ELSE 0 END"
        }
        let totalWeight = sql.bind(terms.totalWeight)
        let limitPlaceholder = sql.bind(limit)
        let query = sql.query("""
            SELECT c.source_id, c.ordinal, c.origin, c.title, c.url, c.entity_ref, c.owner_ref, c.heading, c.body,
                   ts_headline('english', c.body, \(anyTerm)::tsquery,
                               'MaxFragments=2, MaxWords=45, MinWords=20, StartSel="", StopSel="", FragmentDelimiter=" … "'),
                   c.coverage, c.score
            FROM (
                SELECT source_id, ordinal, origin, title, url, entity_ref, owner_ref, heading, body,
                       (\(coverageParts.joined(separator: " + "))) / \(totalWeight)::float8 AS coverage,
                       (\(scoreParts.joined(separator: " + "))) AS score,
                       ts_rank_cd(terms, \(anyTerm)::tsquery, 1) AS proximity
                FROM aika_passages
                WHERE terms @@ \(anyTerm)::tsquery
                ORDER BY score DESC, proximity DESC, source_id, ordinal
                LIMIT \(limitPlaceholder)
            ) c
            ORDER BY c.score DESC, c.proximity DESC, c.source_id, c.ordinal
            """)
        var passages: [RetrievedPassage] = []
        let rows = try await connection.checkedQuery(query, logger: logger)
        for try await row in rows.decode((String, Int, String, String, String?, String?, String?, String, String, String, Double, Double).self) {
            passages.append(RetrievedPassage(
                sourceID: row.0, ordinal: row.1, origin: row.2, title: row.3, url: row.4, entityRef: row.5, ownerRef: row.6,
                heading: row.7, body: row.8, snippet: row.9, coverage: row.10, score: row.11))
        }
        return passages
    }

    /// A lexeme as tsquery text: quoted, so no character in it is read as an operator.
    static func quoted(_ lexeme: String) -> String {
        "'" + lexeme.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\\", with: "\\\\") + "'"
    }
}

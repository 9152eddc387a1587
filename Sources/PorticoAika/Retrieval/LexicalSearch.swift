import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Lexical retrieval over a tenant's passages. PostgreSQL's ranking functions do not weigh words
/// by rarity, so the score is computed here: each of the question's words the passage contains
/// adds the word's inverse document frequency, half as much again when it is in the heading or
/// the names; ties go to `ts_rank_cd` (proximity). Every candidate comes from the GIN index.
enum LexicalSearch {
    static let documentFrequencyCap = 5_000

    /// A passage by its key, for rows another ranking found.
    struct Key: Hashable, Sendable {
        let sourceID: String
        let ordinal: Int
    }

    static func terms(
        of question: String, frequencies: LexemeFrequencies, tenant: TenantID, on connection: PostgresConnection, logger: Logger
    ) async throws -> QuestionTerms {
        var lexemes: [String] = []
        for try await lexeme in try await connection.checkedQuery(
            "SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', \(question))))", logger: logger
        ).decode(String.self) where !QuestionTerms.askingWords.contains(lexeme) {
            lexemes.append(lexeme)
        }
        let counted = try await frequencies.frequencies(of: lexemes, tenant: tenant, on: connection, logger: logger)
        return QuestionTerms(lexemes: counted.frequencies, passageCount: counted.passages)
    }

    /// The passages a ranking reads: those holding one of the question's rarest words (as many
    /// of them as keep the rows under the budget). Common words still count in the score, but a
    /// question made only of common words reads the passages holding its two rarest together, at
    /// most the budget: an OR of common words would read most of the tenant's passages (and all
    /// of them together may be in no passage at all).
    static let candidateBudget = 2_000

    static func candidates(_ terms: QuestionTerms) -> (query: String, limit: Int?) {
        let rarestFirst = terms.searchable.sorted { $0.documentFrequency < $1.documentFrequency }
        guard let rarest = rarestFirst.first else { return ("", nil) }
        if rarest.documentFrequency > candidateBudget {
            return (rarestFirst.prefix(2).map { quoted($0.lexeme) }.joined(separator: " & "), candidateBudget)
        }
        var chosen: [QuestionTerms.Term] = []
        var rows = 0
        for term in rarestFirst where rows + term.documentFrequency <= candidateBudget || chosen.isEmpty {
            chosen.append(term)
            rows += term.documentFrequency
        }
        return (chosen.map { quoted($0.lexeme) }.joined(separator: " | "), nil)
    }

    /// The passages holding any of the question's words, best first.
    static func rank(_ terms: QuestionTerms, limit: Int, on connection: PostgresConnection, logger: Logger) async throws -> [RetrievedPassage] {
        guard !terms.searchable.isEmpty else { return [] }
        var sql = SQLBuilder()
        let columns = selectList(terms, &sql)
        let candidates = candidates(terms)
        let candidateQuery = sql.bind(candidates.query)
        let candidateLimit = candidates.limit.map { "LIMIT \(sql.bind($0))" } ?? ""
        let shortlist = sql.bind(max(limit * 4, 40))
        let limitPlaceholder = sql.bind(limit)
        // Proximity (`ts_rank_cd`) breaks ties; it is the costly part, so only a shortlist by
        // score pays it.
        return try await passages(sql.query("""
            SELECT \(columns.outer) FROM (
                SELECT s.*, \(columns.proximity) AS proximity FROM (
                    SELECT \(columns.inner)
                    FROM (SELECT * FROM aika_passages WHERE terms @@ \(candidateQuery)::tsquery \(candidateLimit)) aika_passages
                    ORDER BY score DESC, source_id, ordinal
                    LIMIT \(shortlist)
                ) s
                ORDER BY s.score DESC, proximity DESC, s.source_id, s.ordinal
                LIMIT \(limitPlaceholder)
            ) c
            ORDER BY c.score DESC, c.proximity DESC, c.source_id, c.ordinal
            """), on: connection, logger: logger)
    }

    /// These passages, scored against the question like `rank` scores.
    static func passages(_ keys: [Key], terms: QuestionTerms, on connection: PostgresConnection, logger: Logger) async throws -> [RetrievedPassage] {
        guard !keys.isEmpty else { return [] }
        var sql = SQLBuilder()
        let columns = selectList(terms, &sql)
        let ids = sql.bind(keys.map(\.sourceID))
        let ordinals = sql.bind(keys.map { Int32($0.ordinal) })
        return try await passages(sql.query("""
            SELECT \(columns.outer) FROM (
                SELECT s.*, \(columns.proximity) AS proximity FROM (
                    SELECT \(columns.inner) FROM aika_passages
                    WHERE (source_id, ordinal) IN (SELECT * FROM unnest(\(ids)::text[], \(ordinals)::int[]))
                ) s
            ) c
            """), on: connection, logger: logger)
    }

    private static func passages(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> [RetrievedPassage] {
        var passages: [RetrievedPassage] = []
        let rows = try await connection.checkedQuery(query, logger: logger)
        for try await row in rows.decode((String, Int, String, String, String?, String?, String?, String, String, String, Double, Double).self) {
            passages.append(RetrievedPassage(
                sourceID: row.0, ordinal: row.1, origin: row.2, title: row.3, url: row.4, entityRef: row.5, ownerRef: row.6,
                heading: row.7, body: row.8, snippet: row.9, coverage: row.10, score: row.11))
        }
        return passages
    }

    /// The columns of a scored passage: `inner` reads the row and scores it, `proximity` ranks
    /// ties, `outer` adds the snippet (computed only for the rows kept).
    private static func selectList(_ terms: QuestionTerms, _ sql: inout SQLBuilder) -> (inner: String, proximity: String, outer: String) {
        let searchable = terms.searchable
        let anyTerm = sql.bind(searchable.isEmpty ? "" : searchable.map { quoted($0.lexeme) }.joined(separator: " | "))
        var scoreParts: [String] = ["0"]
        var coverageParts: [String] = ["0"]
        for term in searchable {
            let inBody = sql.bind(quoted(term.lexeme))
            let inHeading = sql.bind(quoted(term.lexeme) + ":A")
            let weight = sql.bind(term.weight)
            coverageParts.append("CASE WHEN terms @@ \(inBody)::tsquery THEN \(weight)::float8 ELSE 0 END")
            scoreParts.append(
                "CASE WHEN terms @@ \(inBody)::tsquery THEN \(weight)::float8 ELSE 0 END"
                + " + CASE WHEN terms @@ \(inHeading)::tsquery THEN 0.5 * \(weight)::float8 ELSE 0 END")
        }
        let totalWeight = sql.bind(max(terms.totalWeight, 1e-9))
        let inner = """
            source_id, ordinal, origin, title, url, entity_ref, owner_ref, heading, body, terms,
            (\(coverageParts.joined(separator: " + "))) / \(totalWeight)::float8 AS coverage,
            (\(scoreParts.joined(separator: " + "))) AS score
            """
        let outer = """
            c.source_id, c.ordinal, c.origin, c.title, c.url, c.entity_ref, c.owner_ref, c.heading, c.body,
            CASE WHEN length(c.body) <= 320 THEN c.body
                 WHEN \(anyTerm)::tsquery = ''::tsquery THEN left(c.body, 300)
                 ELSE ts_headline('english', c.body, \(anyTerm)::tsquery,
                                  'MaxFragments=2, MaxWords=45, MinWords=20, StartSel="", StopSel="", FragmentDelimiter=" … "') END,
            c.coverage, c.score
            """
        return (inner, "ts_rank_cd(s.terms, \(anyTerm)::tsquery, 1)", outer)
    }

    /// A lexeme as tsquery text: quoted, so no character in it is read as an operator.
    static func quoted(_ lexeme: String) -> String {
        "'" + lexeme.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\\", with: "\\\\") + "'"
    }
}

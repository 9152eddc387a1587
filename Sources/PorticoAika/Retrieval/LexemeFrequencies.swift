import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// How many of a tenant's passages hold each word of a question, cheaply: the common words'
/// shares come from the statistics ANALYZE keeps on `terms` (`most_common_elems`, cached here a
/// minute per tenant), and only words rarer than those are counted, up to a small cap. Counting
/// a common word would read thousands of rows; a rare one reads a handful.
final class LexemeFrequencies: Sendable {
    static let countCap = 500
    static let cacheLifetime: Duration = .seconds(60)
    static let cachedTenants = 256

    struct CommonLexemes: Sendable {
        let shares: [String: Double]
        let rows: Double
    }

    /// A tenant whose statistics have no common lexemes is kept too (as nil), so it is not asked again.
    private let cache = ExpiringCache<TenantID, CommonLexemes?>(lifetime: cacheLifetime, capacity: cachedTenants)

    /// Each lexeme's document frequency, and the number of passages.
    func frequencies(
        of lexemes: [String], tenant: TenantID, on connection: PostgresConnection, logger: Logger
    ) async throws -> (frequencies: [(String, Int)], passages: Int) {
        let statistics = try await commonLexemes(tenant: tenant, on: connection, logger: logger)
        let passages = try await passageCount(common: statistics, on: connection, logger: logger)
        // A small table is counted exactly: its statistics call rare words common.
        let common = passages > Self.countCap * 4 ? statistics : nil
        var known: [(String, Int)] = []
        var counted: [String] = []
        for lexeme in lexemes {
            if let share = common?.shares[lexeme] {
                known.append((lexeme, Int((share * Double(passages)).rounded())))
            } else {
                counted.append(lexeme)
            }
        }
        guard !counted.isEmpty else { return (known, passages) }
        let rows = try await connection.checkedQuery("""
            SELECT l, (SELECT count(*)::int FROM (
                        SELECT 1 FROM aika_passages WHERE terms @@ quote_literal(l)::tsquery LIMIT \(Self.countCap)) m)
            FROM unnest(\(counted)::text[]) AS l
            """, logger: logger)
        for try await row in rows.decode((String, Int).self) { known.append(row) }
        return (known, passages)
    }

    private func commonLexemes(tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> CommonLexemes? {
        if let cached = cache.value(for: tenant) { return cached }
        var common: CommonLexemes?
        let rows = try await connection.checkedQuery("""
            SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples::float8
            FROM pg_stats s, pg_class c
            WHERE s.schemaname = current_schema() AND s.tablename = 'aika_passages' AND s.attname = 'terms'
              AND c.oid = 'aika_passages'::regclass AND s.most_common_elems IS NOT NULL
            """, logger: logger)
        for try await (elements, shares, rows) in rows.decode(([String], [Float], Double).self) {
            // The shares list ends with three summary numbers past the elements' own.
            common = CommonLexemes(
                shares: Dictionary(zip(elements, shares.map(Double.init)), uniquingKeysWith: { first, _ in first }), rows: rows)
        }
        cache.keep(common, for: tenant)
        return common
    }

    /// The table's size as ANALYZE last saw it when it is large, else counted.
    private func passageCount(common: CommonLexemes?, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        if let rows = common?.rows, rows > Double(Self.countCap) * 4 { return Int(rows) }
        var count = 0
        for try await value in try await connection.checkedQuery(
            "SELECT count(*)::int FROM aika_passages", logger: logger).decode(Int.self) {
            count = value
        }
        return count
    }
}

import PorticoStore
import PostgresNIO

/// The raw SQL under AiKA's search: the OR of the question's lexemes matched through the GIN
/// index and ordered by `ts_rank_cd`, without the per-word rarity weights, the snippets or the
/// HTTP around them. What search costs above it is what those add.
extension AikaBench {
    func searchFloor(_ question: String, limit: Int, tenant: AikaTenant) async throws {
        try await runtime.database.withTenantTransaction(tenant.context.id) { connection in
            let rows = try await connection.checkedQuery("""
                WITH q AS (
                    SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS query
                    FROM unnest(tsvector_to_array(to_tsvector('english', \(question)))) AS lexeme
                )
                SELECT p.source_id, p.ordinal FROM aika_passages p, q
                WHERE p.terms @@ q.query
                ORDER BY ts_rank_cd(p.terms, q.query) DESC
                LIMIT \(limit)
                """, logger: runtime.logger)
            for try await _ in rows {}
        }
    }
}

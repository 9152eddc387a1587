import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Gives a search key of one tenant postings (`PostedKeys`), so filters on it are answered like
/// filters on the kept keys: from its postings instead of a range of the search index (a third of
/// a 100,000-entity catalog under `metadata.labels.tier=1` is 33,000 index rows for every count).
/// Run by a worker when reads found the key's matches many (`PostingKeyRequests`).
struct PostingKeyLearner {
    let database: Database

    enum Outcome: Equatable {
        case learned(values: Int)
        case alreadyDecided
        case refused(reason: String)
    }

    /// Under the catalog write lock: the postings of every search row of `key` written at once, then
    /// the key listed, so the writer keeps them from the next write on. A key with more values than
    /// `PostedKeys.maximumValues`, or a tenant at `PostedKeys.maximumLearned`, is listed as refused.
    @discardableResult
    func learn(_ key: String, tenant: TenantID) async throws -> Outcome {
        try await database.withTenantTransaction(tenant) { connection in
            let logger = database.logger
            let writer = try await EntityWriter.locked(connection: connection, logger: logger, tenant: tenant)
            let posted = writer.postedKeys
            guard posted.isCandidate(key) else { return .alreadyDecided }
            var values = 0
            for try await count in try await connection.checkedQuery("""
                SELECT count(*) FROM (SELECT DISTINCT original_value FROM search WHERE key = \(key) LIMIT \(PostedKeys.maximumValues + 1)) v
                """, logger: logger).decode(Int.self) {
                values = count
            }
            let refusal: String? =
                posted.learned.count >= PostedKeys.maximumLearned ? "the tenant has \(PostedKeys.maximumLearned) learned keys"
                : values > PostedKeys.maximumValues ? "more than \(PostedKeys.maximumValues) values" : nil
            if let refusal {
                try await Self.list(key, as: PostedKeys.refusedKey, values: values, on: connection, logger: logger)
                return .refused(reason: refusal)
            }
            try await connection.checkedQuery(Self.backfill(key), logger: logger)
            try await Self.list(key, as: PostedKeys.learnedKey, values: values, on: connection, logger: logger)
            return .learned(values: values)
        }
    }

    /// The posting rows of `key` from its search rows, as `FacetPostings` keeps them (and as
    /// migration 0013 wrote them for the kept keys).
    static func backfill(_ key: String) -> PostgresQuery {
        """
        INSERT INTO facet_counts (key, original_value, count, offsets)
        SELECT '(postings)' || chr(31) || key || chr(31) || (entity_ordinal >> 16), original_value, count(*),
               string_agg(substring(int4send((entity_ordinal & 65535)::integer) FROM 3 FOR 2), '' ORDER BY entity_ordinal)
        FROM search WHERE key = \(key)
        GROUP BY 1, 2
        """
    }

    private static func list(_ key: String, as marker: String, values: Int, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.checkedQuery("""
            INSERT INTO facet_counts (key, original_value, count) VALUES (\(marker), \(key), \(values)) ON CONFLICT (key, original_value) DO NOTHING
            """, logger: logger)
    }
}

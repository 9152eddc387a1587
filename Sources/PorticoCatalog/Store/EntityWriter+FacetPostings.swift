import Foundation
import NIOCore
import PostgresNIO

/// Keeping the postings of `FacetPostings` in step with the search rows they mirror, and handing
/// out ordinals. Safe as read-modify-write: every catalog write holds the tenant's write lock.
extension EntityWriter {
    /// `count` new ordinals, the first of them returned.
    func allocateOrdinals(_ count: Int) async throws -> Int64 {
        guard count > 0 else { return 0 }
        let rows = try await connection.checkedQuery("""
            INSERT INTO facet_counts (key, original_value, count) VALUES (\(FacetPostings.ordinalsKey), '', \(count))
            ON CONFLICT (key, original_value) DO UPDATE SET count = facet_counts.count + EXCLUDED.count
            RETURNING count
            """, logger: logger)
        var last: Int64 = 0
        for try await value in rows.decode(Int64.self) { last = value }
        return last - Int64(count) + 1
    }

    /// Takes entities about to be replaced or deleted out of the kept counts, and notes their
    /// postings as removed in `changes`, while their old rows are still there to say what to take out.
    func retractKeptFacets(of uids: [UUID], into changes: inout FacetPostings.Changes) async throws {
        try await subtractFacetCounts(of: uids)
        try await noteRemovedPostings(of: uids, in: &changes)
    }

    private func noteRemovedPostings(of uids: [UUID], in changes: inout FacetPostings.Changes) async throws {
        for try await (key, value, ordinal) in try await connection.checkedQuery("""
            SELECT key, original_value, entity_ordinal FROM search WHERE entity_uid = ANY(\(uids)) AND key = ANY(\(Array(postedKeys.all)))
            """, logger: logger).decode((String, String, Int64).self) {
            changes.remove(key: key, originalValue: value, ordinal: ordinal)
        }
    }

    /// Rewrites each posting row `changes` touches once; rows left empty are deleted.
    func applyPostings(_ changes: FacetPostings.Changes) async throws {
        guard !changes.isEmpty else { return }
        let postings = Array(changes.postings)
        // Stored rows come back by position in the request, so no string is compared in Swift.
        var stored: [FacetPostings.Posting: ByteBuffer] = [:]
        for chunk in postings.chunked(into: 10_000) {
            for try await (position, offsets) in try await connection.checkedQuery("""
                SELECT r.position, f.offsets
                FROM unnest(\(chunk.map(\.rowKey))::text[], \(chunk.map(\.originalValue))::text[]) WITH ORDINALITY AS r(key, value, position)
                JOIN facet_counts f ON f.key = r.key AND f.original_value = r.value
                WHERE f.offsets IS NOT NULL
                """, logger: logger).decode((Int, ByteBuffer).self) {
                stored[chunk[position - 1]] = offsets
            }
        }
        var written: (keys: [String], values: [String], counts: [Int], offsets: [ByteBuffer]) = ([], [], [], [])
        var emptied: (keys: [String], values: [String]) = ([], [])
        for posting in postings {
            let offsets = changes.applied(to: posting, stored: stored[posting])
            if offsets.readableBytes == 0 {
                emptied.keys.append(posting.rowKey)
                emptied.values.append(posting.originalValue)
            } else {
                written.keys.append(posting.rowKey)
                written.values.append(posting.originalValue)
                written.counts.append(offsets.readableBytes / 2)
                written.offsets.append(offsets)
            }
        }
        if !written.keys.isEmpty {
            try await connection.checkedQuery("""
                INSERT INTO facet_counts (key, original_value, count, offsets)
                SELECT * FROM unnest(\(written.keys)::text[], \(written.values)::text[], \(written.counts)::bigint[], \(written.offsets)::bytea[])
                ON CONFLICT (key, original_value) DO UPDATE SET count = EXCLUDED.count, offsets = EXCLUDED.offsets
                """, logger: logger)
        }
        if !emptied.keys.isEmpty {
            try await connection.checkedQuery("""
                DELETE FROM facet_counts WHERE (key, original_value) IN (SELECT * FROM unnest(\(emptied.keys)::text[], \(emptied.values)::text[]))
                """, logger: logger)
        }
    }
}

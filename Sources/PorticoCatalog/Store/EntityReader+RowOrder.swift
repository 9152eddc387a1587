import PostgresNIO

extension EntityReader {
    /// The single sort key without a column that every entity holds (the kept per-key counts
    /// equal the catalog's size), so a page may be read in index order (`EntitySQL+RowOrder`).
    func rowOrderKey(for sort: EntitySort) async throws -> String? {
        guard sort.keys.count == 1, let field = sort.keys.first?.field, EntitySQL.columns[field] == nil else { return nil }
        for try await (held, total) in try await connection.checkedQuery("""
            SELECT (SELECT count FROM facet_counts WHERE key = \(FacetCounts.presenceKey) AND original_value = \(field)),
                   (SELECT sum(count) FROM facet_counts WHERE key = 'kind')::bigint
            """, logger: logger).decode((Int?, Int?).self) {
            guard let held, held > 0, held == total else { return nil }
            return field
        }
        return nil
    }
}

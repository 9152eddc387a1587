import Foundation
import PostgresNIO

/// Facets of promoted keys (`spec.type`, `spec.lifecycle`) under a filter, grouped from the
/// column: for the type picker's `filter=kind=component` one range of the `(kind, spec_type, …)`
/// index instead of a join of the search index with the filtered entities. Facet values come back
/// as written, which the lowercased column can give only when every value has a single written
/// form in the whole catalog (`facet_counts` lists them); otherwise the search index answers.
extension EntityReader {
    /// `unbound` is the facet query's builder for `filter` before any binds.
    func promotedFacets(
        _ keys: Set<String>, filter: EntityFilter, using unbound: EntitySQL, multiValuedKeys: Set<String>
    ) async throws -> [String: [(value: String, count: Int)]] {
        let candidates = keys.filter { PromotedColumns.columnsByKey[$0] != nil && FacetCounts.searchKeys.contains($0) }
        guard !filter.isEmpty, !candidates.isEmpty else { return [:] }
        var result: [String: [(value: String, count: Int)]] = [:]
        for key in candidates.subtracting(multiValuedKeys) {
            guard let column = PromotedColumns.columnsByKey[key], let written = try await writtenForms(of: key) else { continue }
            var sql = unbound
            let condition = sql.condition(filter: filter, fullText: nil)
            let text = "SELECT \(column), count(*)::bigint FROM entities e WHERE \(condition) AND \(column) IS NOT NULL GROUP BY 1"
            var counts: [(value: String, count: Int)] = []
            var unmapped = false
            for try await (value, count) in try await connection.checkedQuery(sql.builder.query(text), logger: logger).decode((String, Int).self) {
                if let form = written[value] { counts.append((form, count)) } else { unmapped = true }
            }
            guard !unmapped else { continue }
            result[key] = FacetCounts.ordered(counts)
        }
        return result
    }

    /// Each lowercased value's written form; nil when some value is written in two ways.
    private func writtenForms(of key: String) async throws -> [String: String]? {
        var values: [String] = []
        for try await value in try await connection.checkedQuery(
            "SELECT original_value FROM facet_counts WHERE key = \(key) AND count > 0", logger: logger).decode(String.self) {
            values.append(value)
        }
        var forms: [String: String] = [:]
        for value in values {
            guard forms.updateValue(value, forKey: value.lowercased()) == nil else { return nil }
        }
        return forms
    }
}

import Foundation
import HummingbirdTesting
import PostgresNIO
@testable import PorticoCatalog
@testable import PorticoApp

extension TestClientProtocol {
    /// Pushes the YAML fixture's entities as provider `provider`.
    func pushFixture(token: String, provider: String = "fixture") async throws -> TestResponse {
        let entities = try DescriptorParser.parseYAML(CatalogFixture.yaml)
        let body = try JSONEncoder().encode(["entities": entities])
        return try await call(.put, "/api/catalog/providers/\(provider)/entities", token: token,
                              rawBody: String(decoding: body, as: UTF8.self))
    }

    func entityNames(_ path: String, token: String) async throws -> [String] {
        let response = try await call(.get, path, token: token)
        let items = response.jsonArray ?? (response.json["items"] as? [[String: Any]]) ?? []
        return items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }.sorted()
    }
}

extension TestResponse {
    var jsonArray: [[String: Any]]? {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [[String: Any]]
    }
}

/// A generated component for bulk tests.
func component(_ name: String, owner: String = "team-a", labels: [String: String] = [:]) -> [String: Any] {
    [
        "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
        "metadata": ["name": name, "labels": labels],
        "spec": ["type": "service", "lifecycle": "production", "owner": owner],
    ]
}

/// Runs `sql` in the tenant's scope.
func tenantExecute(_ sql: String, _ runtime: Runtime, _ tenant: TestTenant) async throws {
    try await runtime.database.withTenantTransaction(tenant.id) { connection in
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: runtime.logger)
    }
}

/// The one text column of every row `sql` reads in the tenant's scope.
func tenantStrings(_ sql: String, _ runtime: Runtime, _ tenant: TestTenant) async throws -> [String] {
    try await runtime.database.withTenantTransaction(tenant.id) { connection in
        var rows: [String] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: runtime.logger).decode(String.self) {
            rows.append(row)
        }
        return rows
    }
}

/// The posting rows of `facet_counts` (of one key's, when given) as `key value=count hex offsets`, sorted.
func postingRows(_ runtime: Runtime, _ tenant: TestTenant, key: String? = nil) async throws -> [String] {
    let only = key.map { " AND \(postingRowsOf($0))" } ?? ""
    return try await tenantStrings("""
        SELECT key || ' ' || original_value || '=' || count || ' ' || encode(offsets, 'hex') FROM facet_counts
        WHERE offsets IS NOT NULL\(only) ORDER BY 1
        """, runtime, tenant)
}

/// `key`'s posting rows as learning it now would write them: the stored ones deleted, then written
/// again from the search rows (`PostingKeyLearner.backfill`).
func postingRowsRebuilt(of key: String, _ runtime: Runtime, _ tenant: TestTenant) async throws -> [String] {
    try await tenantExecute("DELETE FROM facet_counts WHERE offsets IS NOT NULL AND \(postingRowsOf(key))", runtime, tenant)
    try await runtime.database.withTenantTransaction(tenant.id) { connection in
        _ = try await connection.query(PostingKeyLearner.backfill(key), logger: runtime.logger)
    }
    return try await postingRows(runtime, tenant, key: key)
}

/// SQL condition on `facet_counts.key`: the posting rows of `key`, every segment.
private func postingRowsOf(_ key: String) -> String {
    "key LIKE '(postings)' || chr(31) || '\(key)' || chr(31) || '%'"
}

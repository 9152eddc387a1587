import AsyncHTTPClient
import PorticoCore
import PostgresNIO

/// The queries of the labelled catalog (`LabelledCatalogGenerator`): unselective filters (a third,
/// all), label equality, annotation existence, array items, an order on a key without a column and
/// facets under a filter, each with `totalItems` where the API gives it, against hand-written SQL.
extension CatalogBench {
    /// A tenant's first filter on a label matching many entities asks a worker to learn the label's
    /// postings (`PostedKeys`); the lines after it measure the catalog as it then stays.
    func learnFromAFirstFilter(on filterKey: String, value: String, client: HTTPClient, tenant: TenantContext, key: String) async throws {
        let asked = ContinuousClock.now
        try await get(client, "/api/catalog/entities/by-query?filter=\(filterKey)=\(value)&limit=100", key: key)
        let firstAnswer = ContinuousClock.now - asked
        func isLearned() async throws -> Bool {
            try await runtime.database.withTenantTransaction(tenant.id) { connection in
                for try await _ in try await connection.checkedQuery(
                    "SELECT 1 FROM facet_counts WHERE key = '(posted)' AND original_value = \(filterKey)", logger: runtime.logger) { return true }
                return false
            }
        }
        while try await !isLearned() {
            guard ContinuousClock.now - asked < .seconds(120) else { throw BenchFailure("\(filterKey) was not learned within 120 s") }
            try await Task.sleep(for: .milliseconds(50))
        }
        report(String(format: "[labels] first filter on %@: answered in %.1f ms from the search index; its postings learned %.2f s after it",
                      filterKey, firstAnswer.milliseconds, (ContinuousClock.now - asked).milliseconds / 1000))
    }

    func measureLabelledQueries(client: HTTPClient, tenant: TenantContext, key: String, total: Int) async throws {
        typealias Shape = LabelledCatalogGenerator
        try await learnFromAFirstFilter(on: "metadata.labels.tier", value: Shape.tiers[0], client: client, tenant: tenant, key: key)
        var random = SeededRandom(seed: 11)
        let annotation = Shape.annotations[0]
        /// A page of 100 in name order plus the exact count, as the floor of every by-query line.
        func page(_ condition: String, count: String) -> [String] {
            ["SELECT e.body FROM entities e WHERE \(condition) ORDER BY e.name, e.uid LIMIT 101", count]
        }
        func byQuery(_ label: String, _ query: String, floor: @escaping () -> [String]) async throws {
            try await compare("[labels] by-query \(label), limit 100, totalItems", goal: "p99 ≤ 25 ms") {
                try await get(client, "/api/catalog/entities/by-query?\(query)&limit=100", key: key)
            } floor: {
                try await sql(tenant, floor())
            }
        }
        try await byQuery("kind=component,spec.type=service (a third)", "filter=kind=component,spec.type=service") {
            page("e.kind = 'component' AND e.spec_type = 'service'",
                 count: "SELECT count(*) FROM entities e WHERE e.kind = 'component' AND e.spec_type = 'service'")
        }
        try await byQuery("kind=component (all)", "filter=kind=component") {
            page("e.kind = 'component'", count: "SELECT count(*) FROM entities e WHERE e.kind = 'component'")
        }
        try await byQuery("metadata.labels.tier=1 (a third)", "filter=metadata.labels.tier=1") {
            page("EXISTS (SELECT 1 FROM search s WHERE s.entity_uid = e.uid AND s.key = 'metadata.labels.tier' AND s.value = '1')",
                 count: "SELECT count(*) FROM search WHERE key = 'metadata.labels.tier' AND value = '1'")
        }
        try await byQuery("metadata.annotations.\(annotation) exists (all)", "filter=metadata.annotations.\(annotation)") {
            page("EXISTS (SELECT 1 FROM search s WHERE s.entity_uid = e.uid AND s.key = 'metadata.annotations.\(annotation)')",
                 count: "SELECT count(*) FROM search WHERE key = 'metadata.annotations.\(annotation)'")
        }
        let tag = Shape.tag(random.next(Shape.tags))
        try await byQuery("metadata.tags.\(tag) (1/70)", "filter=metadata.tags.\(tag)") {
            page("EXISTS (SELECT 1 FROM search s WHERE s.entity_uid = e.uid AND s.key = 'metadata.tags.\(tag)')",
                 count: "SELECT count(*) FROM search WHERE key = 'metadata.tags.\(tag)'")
        }
        let owner = Shape.owner(random.next(Shape.owners))
        try await byQuery("spec.owner=\(owner) (1/300)", "filter=spec.owner=\(owner)") {
            page("EXISTS (SELECT 1 FROM search s WHERE s.entity_uid = e.uid AND s.key = 'spec.owner' AND s.value = '\(owner)')",
                 count: "SELECT count(*) FROM search WHERE key = 'spec.owner' AND value = '\(owner)'")
        }
        try await byQuery("spec.type=service,metadata.labels.tier=1 (a ninth)", "filter=spec.type=service,metadata.labels.tier=1") {
            let condition = "e.spec_type = 'service' AND EXISTS (SELECT 1 FROM search s WHERE s.entity_uid = e.uid"
                + " AND s.key = 'metadata.labels.tier' AND s.value = '1')"
            return page(condition, count: "SELECT count(*) FROM entities e WHERE \(condition)")
        }
        try await byQuery("kind=component orderField=spec.owner (all)", "filter=kind=component&orderField=spec.owner,asc") {
            ["""
             SELECT e.body FROM entities e JOIN search s ON s.entity_uid = e.uid AND s.key = 'spec.owner'
             WHERE e.kind = 'component' ORDER BY s.value, e.uid LIMIT 101
             """,
             "SELECT count(*) FROM entities e WHERE e.kind = 'component'"]
        }
        func facet(_ label: String, _ query: String, floor: String) async throws {
            try await compare("[labels] facet \(label)", goal: "p99 ≤ 50 ms") {
                try await get(client, "/api/catalog/entity-facets?\(query)", key: key)
            } floor: {
                try await sql(tenant, [floor])
            }
        }
        try await facet("metadata.tags under spec.type=library", "facet=metadata.tags&filter=spec.type=library", floor: """
            SELECT s.original_value, count(*) FROM search s JOIN entities e ON e.uid = s.entity_uid
            WHERE s.key = 'metadata.tags' AND e.spec_type = 'library' GROUP BY 1
            """)
        try await facet("spec.owner under metadata.labels.tier=1", "facet=spec.owner&filter=metadata.labels.tier=1", floor: """
            SELECT s.original_value, count(*) FROM search s
            WHERE s.key = 'spec.owner' AND EXISTS (SELECT 1 FROM search t WHERE t.entity_uid = s.entity_uid
                                                   AND t.key = 'metadata.labels.tier' AND t.value = '1') GROUP BY 1
            """)
        // Not bucketed: a label filter over the tag rows (300,000), the most rows the floor reads.
        try await facet("metadata.tags under metadata.labels.tier=1", "facet=metadata.tags&filter=metadata.labels.tier=1", floor: """
            SELECT s.original_value, count(*) FROM search s
            WHERE s.key = 'metadata.tags' AND EXISTS (SELECT 1 FROM search t WHERE t.entity_uid = s.entity_uid
                                                      AND t.key = 'metadata.labels.tier' AND t.value = '1') GROUP BY 1
            """)
        try await facet("spec.owner, metadata.tags under spec.type=service,metadata.labels.tier=1 (a ninth)",
                        "facet=spec.owner&facet=metadata.tags&filter=spec.type=service,metadata.labels.tier=1", floor: """
            SELECT s.key, s.original_value, count(*) FROM search s JOIN entities e ON e.uid = s.entity_uid
            WHERE s.key IN ('spec.owner', 'metadata.tags') AND e.spec_type = 'service'
              AND EXISTS (SELECT 1 FROM search t WHERE t.entity_uid = s.entity_uid AND t.key = 'metadata.labels.tier' AND t.value = '1')
            GROUP BY 1, 2
            """)
        try await facet("metadata.tags under spec.owner=\(owner) (1/300)", "facet=metadata.tags&filter=spec.owner=\(owner)", floor: """
            SELECT s.original_value, count(*) FROM search s
            WHERE s.key = 'metadata.tags' AND EXISTS (SELECT 1 FROM search t WHERE t.entity_uid = s.entity_uid
                                                      AND t.key = 'spec.owner' AND t.value = '\(owner)') GROUP BY 1
            """)
        try await facet("metadata.labels.tier (whole catalog)", "facet=metadata.labels.tier",
                        floor: "SELECT original_value, count(*) FROM search WHERE key = 'metadata.labels.tier' GROUP BY 1")
    }
}

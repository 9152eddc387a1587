import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import PorticoApp
import PorticoCatalog
import PorticoCore
import PorticoGateway
import PorticoProvisioning
import PorticoStore
import PostgresNIO

/// `portico bench catalog`: builds one tenant with a large generated organisation beside many
/// smaller tenants, measures ingestion and re-ingestion, then the catalog API over loopback HTTP
/// against the same query as raw SQL (the floor), and prints one line per measurement.
struct BenchCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "Catalog ingestion and query benchmark.")

    @OptionGroup var options: ServerOptions
    @Option(help: "Entities in the measured tenant.") var entities = 100_000
    @Option(help: "Other tenants beside it.") var otherTenants = 50
    @Option(help: "Entities in each other tenant.") var otherEntities = 2_000
    @Option(help: "Requests per measured query.") var requests = 200
    @Option(help: "Port for the in-process server.") var port = 18_080
    @Option(help: "Catalog shapes to build and measure, each in its own tenant (repeat the option; default both).")
    var shape: [CatalogShape] = CatalogShape.allCases

    func run() async throws {
        var settings = try await options.settings(extra: ["port": String(port), "log.level": "warning"])
        settings.logLevel = .warning
        let runtime = try Runtime(settings: settings, role: "bench")
        let entities = self.entities, otherTenants = self.otherTenants, otherEntities = self.otherEntities
        let requests = self.requests, port = self.port, shapes = self.shape
        try await runtime.withRunningClient {
            try await runtime.migrator.migrate()
            let bench = CatalogBench(
                runtime: runtime, tenants: try runtime.tenantService(), requests: requests, base: "http://127.0.0.1:\(port)")
            try await bench.run(shapes: shapes, entities: entities, otherTenants: otherTenants, otherEntities: otherEntities)
        }
    }
}

struct CatalogBench: LoopbackBench {
    let runtime: Runtime
    let tenants: TenantService
    let requests: Int
    let base: String

    func run(shapes: [CatalogShape], entities: Int, otherTenants: Int, otherEntities: Int) async throws {
        let catalog = CatalogService(database: runtime.database)
        let run = String(UUID().uuidString.prefix(6)).lowercased()
        for index in 0..<otherTenants {
            let (tenant, _) = try await makeTenant("bench-\(run)-other-\(index)")
            _ = try await catalog.apply(.replace(CatalogGenerator(total: otherEntities, prefix: "").entities()),
                                        source: .provider("bench"), tenant: tenant)
        }
        report("other tenants: \(otherTenants) × \(otherEntities) entities")
        for shape in shapes {
            let (tenant, key) = try await makeTenant("bench-\(run)-\(shape.tenantSuffix)")
            let generated = shape.entities(total: entities)
            try await ingest(generated, into: tenant, label: shape.label)
            // A worker of the catalog's jobs runs beside the server, as in production: it learns the
            // postings of keys reads ask for. (Other modules' jobs, such as AiKA indexing the new
            // catalog, would share the cores the queries are measured on.)
            try await withServer { client in try await withWorker(named: "bench-catalog", kindPrefix: "catalog.") {
                switch shape {
                case .organisation: try await measureQueries(client: client, tenant: tenant, key: key, total: generated.count)
                case .labels: try await measureLabelledQueries(client: client, tenant: tenant, key: key, total: generated.count)
                }
                // Last: the entities it adds would change the queries' counts.
                if let first = generated.first {
                    try await measureSingleDeltas(client: client, tenant: tenant, key: key, label: shape.label, template: first)
                }
            } }
        }
    }

    /// Ingests `generated` twice (new, then unchanged) and leaves the tables vacuumed and analysed.
    func ingest(_ generated: [JSONValue], into tenant: TenantContext, label: String) async throws {
        let catalog = CatalogService(database: runtime.database)
        let first = ContinuousClock.now
        let report1 = try await catalog.apply(.replace(generated), source: .provider("bench"), tenant: tenant)
        let firstTime = ContinuousClock.now - first
        let second = ContinuousClock.now
        let report2 = try await catalog.apply(.replace(generated), source: .provider("bench"), tenant: tenant)
        let secondTime = ContinuousClock.now - second
        report(String(format: "%@ingest %d entities (push API path, relations included): %.2f s = %.0f entities/s (added %d)",
                      label, generated.count, firstTime.milliseconds / 1000, Double(generated.count) / (firstTime.milliseconds / 1000), report1.added))
        report(String(format: "%@re-ingest unchanged: %.2f s = %.1f%% of the first (unchanged %d)",
                      label, secondTime.milliseconds / 1000, secondTime.milliseconds / firstTime.milliseconds * 100, report2.unchanged))

        // Steady state: autovacuum vacuums and analyses tables this size soon after a bulk load
        // (visibility map for index-only scans, fresh statistics; the kept counts' row versions of
        // every batch's upserts); do it now rather than measure the moment right after the load.
        let schema = tenant.id.schemaName.quoted
        try await runtime.database.query(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(schema).entities, \(schema).search, \(schema).relations, \(schema).facet_counts"))
    }

    /// Times `api` over HTTP and `sql` directly, `requests` times each, and prints both.
    func compare(_ label: String, goal: String, _ api: () async throws -> Void, floor sql: () async throws -> Void) async throws {
        var apiSample = LatencySample(), sqlSample = LatencySample()
        for _ in 0..<5 { try await api(); try await sql() }
        for _ in 0..<requests {
            try await apiSample.measure(api)
            try await sqlSample.measure(sql)
        }
        report(String(format: "%@: API p50 %.2f ms p99 %.2f ms | raw SQL p50 %.2f ms p99 %.2f ms | API/SQL p50 %.1fx | goal %@",
                      label, apiSample.p50, apiSample.p99, sqlSample.p50, sqlSample.p99, apiSample.p50 / max(sqlSample.p50, 0.001), goal))
    }

    func measureQueries(client: HTTPClient, tenant: TenantContext, key: String, total: Int) async throws {
        var random = SeededRandom(seed: 7)
        let components = CatalogGenerator(total: total, prefix: "").shape.components
        try await compare("by-name", goal: "p50 ≤ 2 ms") {
            try await get(client, "/api/catalog/entities/by-name/component/default/component-\(random.next(components))", key: key)
        } floor: {
            try await sql(tenant, "SELECT body FROM entities WHERE ref = 'component:default/component-\(random.next(components))'")
        }
        try await compare("by-query kind+spec.type limit 100", goal: "p99 ≤ 25 ms") {
            try await get(client, "/api/catalog/entities/by-query?filter=kind=component,spec.type=website&limit=100", key: key)
        } floor: {
            try await sql(tenant,
                "SELECT e.body FROM entities e WHERE e.kind = 'component' AND e.spec_type = 'website' ORDER BY e.name, e.uid LIMIT 101",
                "SELECT count(*) FROM entities e WHERE e.kind = 'component' AND e.spec_type = 'website'")
        }
        try await compare("relation filter ownedBy", goal: "p99 ≤ 25 ms") {
            try await get(client, "/api/catalog/entities/by-query?filter=relations.ownedBy=group:default/group-\(random.next(total / 100))&limit=100", key: key)
        } floor: {
            let group = "group:default/group-\(random.next(total / 100))"
            try await sql(tenant, """
                SELECT e.body FROM entities e WHERE e.ref IN (SELECT source_key FROM relations WHERE target_key = '\(group)' AND type = 'ownedBy'
                UNION ALL SELECT target_key FROM relations WHERE source_key = '\(group)' AND reverse_type = 'ownedBy') ORDER BY e.name LIMIT 100
                """)
        }
        try await compare("facet relations.ownedBy (Backstage's owner picker)", goal: "≤ 50 ms") {
            try await get(client, "/api/catalog/entity-facets?facet=relations.ownedBy", key: key)
        } floor: {
            try await sql(tenant, "SELECT key, original_value, count FROM facet_counts WHERE key = 'relations.ownedby' AND count > 0")
        }
        try await compare("facets kind, spec.type, spec.owner", goal: "≤ 50 ms") {
            try await get(client, "/api/catalog/entity-facets?facet=kind&facet=spec.type&facet=spec.owner", key: key)
        } floor: {
            try await sql(tenant, "SELECT key, original_value, count FROM facet_counts WHERE key IN ('kind', 'spec.type', 'spec.owner') AND count > 0")
        }
        // The same facets counted from the search index, as under any filter (one every entity meets).
        try await compare("facets counted from the index (filter=metadata.name)", goal: "≤ 50 ms") {
            try await get(client, "/api/catalog/entity-facets?facet=kind&facet=spec.type&facet=spec.owner&filter=metadata.name", key: key)
        } floor: {
            try await sql(tenant, "SELECT key, original_value, count(*) FROM search WHERE key IN ('kind', 'spec.type', 'spec.owner') GROUP BY key, original_value")
        }
        try await compare("facet spec.type under filter kind=component", goal: "≤ 50 ms") {
            try await get(client, "/api/catalog/entity-facets?facet=spec.type&filter=kind=component", key: key)
        } floor: {
            try await sql(tenant,
                "SELECT original_value FROM facet_counts WHERE key = 'spec.type' AND count > 0",
                "SELECT e.spec_type, count(*) FROM entities e WHERE e.kind = 'component' AND e.spec_type IS NOT NULL GROUP BY 1")
        }
        try await compare("fullTextFilter", goal: "≤ 50 ms") {
            try await get(client, "/api/catalog/entities/by-query?fullTextFilterTerm=component-1234&limit=100", key: key)
        } floor: {
            try await sql(tenant, "SELECT body FROM entities WHERE search_text LIKE '%component-1234%' ORDER BY name LIMIT 100")
        }
        let refs = (0..<100).map { "\"component:default/component-\($0 * 7)\"" }.joined(separator: ",")
        try await compare("by-refs 100", goal: "≤ 20 ms") {
            try await get(client, "/api/catalog/entities/by-refs", key: key, body: "{\"entityRefs\":[\(refs)]}")
        } floor: {
            try await sql(tenant, "SELECT body FROM entities WHERE ref IN (\((0..<100).map { "'component:default/component-\($0 * 7)'" }.joined(separator: ",")))")
        }
        let walkStarted = ContinuousClock.now
        var path = "/api/catalog/entities/by-query?fields=kind,metadata.name&limit=5000"
        var seen = 0
        while true {
            let page = try JSONSerialization.jsonObject(with: Data(buffer: try await get(client, path, key: key))) as? [String: Any] ?? [:]
            seen += (page["items"] as? [Any])?.count ?? 0
            guard let next = (page["pageInfo"] as? [String: Any])?["nextCursor"] as? String else { break }
            path = "/api/catalog/entities/by-query?cursor=\(next)&fields=kind,metadata.name&limit=5000"
        }
        let walk = ContinuousClock.now - walkStarted
        let floorStarted = ContinuousClock.now
        try await sql(tenant, "SELECT kind, name FROM entities ORDER BY name, uid")
        let floor = ContinuousClock.now - floorStarted
        report(String(format: "walk all %d with fields=kind,metadata.name (pages of 5000): %.2f s | raw SQL %.2f s | goal ≤ 3 s",
                      seen, walk.milliseconds / 1000, floor.milliseconds / 1000))
    }
}

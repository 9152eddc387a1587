import AsyncHTTPClient
import Foundation
import NIOCore
import PorticoApp
import PorticoCatalog
import PorticoCore
import PorticoProvisioning
import PorticoStore
import PostgresNIO

/// A tenant of the bench with its API key and the stored key of each generated user (user `i`
/// is `user:default/user-i`).
struct InsightsTenant {
    let context: TenantContext
    let key: String
    let userKeys: [String]

    var table: String { "\(context.id.schemaName.quoted).insights_events" }
}

struct InsightsBench: LoopbackBench, Sendable {
    struct Sizes {
        let events, ingestEvents, batch, clients, chunk, otherTenants, otherEvents, otherUsers, requests, floorRuns: Int
    }

    let runtime: Runtime
    let tenants: TenantService
    let base: String
    let sizes: Sizes
    let copier: PsqlCopy
    /// Names this run's tenants and event ids.
    let runID = String(UUID().uuidString.prefix(6)).lowercased()

    static let fiveWeeks: Double = 35 * 86_400

    func run(shapes: [InsightsShape]) async throws {
        try await withServer { client in
            try await withWorker(named: "bench-insights") {
                try await loadOtherTenants(client: client)
                for shape in shapes {
                    let tenant = try await makeInsightsTenant(shape: shape, client: client)
                    try await loadBulk(shape: shape, into: tenant, client: client)
                    try await measureIngestion(shape: shape, into: tenant, client: client)
                    try await measureReports(shape: shape, of: tenant, client: client)
                    try await measureSizes(shape: shape, of: tenant)
                }
            }
        }
    }

    /// A tenant on a plan with Insights, its catalog of people, and its users' keys.
    func makeInsightsTenant(shape: InsightsShape, client: HTTPClient) async throws -> InsightsTenant {
        let (context, key) = try await makeTenant("bench-\(runID)-\(shape.rawValue)")
        let people = InsightsPeople(shape: shape)
        _ = try await CatalogService(database: runtime.database).apply(.replace(people.entities()), source: .provider("bench"), tenant: context)
        let tenant = try await seedUsers(InsightsEventGenerator(shape: shape, seed: 0), of: context, key: key, client: client)
        report("\(shape.label) catalog: \(shape.users) users in \(people.teams) teams of \(people.departments) departments")
        return tenant
    }

    /// The span bulk events are spread over: five weeks up to ten minutes ago.
    static func bulkSpan(now: Double) -> (start: Double, end: Double) { (now - fiveWeeks + 7_200, now - 600) }

    /// Sends one event per user through the API (when the user is first active) and reads back the
    /// key it stored each user under, so events loaded with COPY carry the same pseudonyms the API
    /// makes from the tenant's secret.
    func seedUsers(_ generator: InsightsEventGenerator, of context: TenantContext, key: String, client: HTTPClient) async throws -> InsightsTenant {
        let users = generator.users
        let (start, end) = Self.bulkSpan(now: Date().timeIntervalSince1970)
        for first in stride(from: 0, to: users, by: 1_000) {
            let events = (first..<min(users, first + 1_000)).map { user in
                BenchEvent(id: "seed-\(user)", at: generator.firstActive(user, from: start, to: end), user: user, action: "navigate",
                           subject: "/bench/seed/\(user)", pluginId: "bench", routeRef: "bench:root")
            }
            try await post(events, client: client, key: key)
        }
        let keys = try await runtime.database.withTenantTransaction(context.id) { connection in
            var keys = Array(repeating: "", count: users)
            let rows = try await connection.checkedQuery(
                "SELECT subject, user_key FROM insights_events WHERE plugin_id = 'bench' AND subject LIKE '/bench/seed/%'", logger: runtime.logger)
            for try await (subject, userKey) in rows.decode((String, String).self) {
                keys[Int(subject.dropFirst("/bench/seed/".count)) ?? 0] = userKey
            }
            return keys
        }
        return InsightsTenant(context: context, key: key, userKeys: keys)
    }

    struct Outcome: Decodable {
        let accepted: Int
        let duplicates: Int
    }

    static func body(_ events: some Collection<BenchEvent>) -> ByteBuffer {
        var text = "{\"events\":["
        text.reserveCapacity(events.count * 480)
        for (index, event) in events.enumerated() {
            if index > 0 { text += "," }
            event.json(into: &text)
        }
        text += "]}"
        return ByteBuffer(string: text)
    }

    /// Posts a batch; returns how many events the API accepted.
    @discardableResult
    func post(_ events: some Collection<BenchEvent>, client: HTTPClient, key: String) async throws -> Int {
        try await post(Self.body(events), client: client, key: key)
    }

    @discardableResult
    func post(_ body: ByteBuffer, client: HTTPClient, key: String) async throws -> Int {
        let answer = try await send(client, "/api/insights/events", key: key, body: body)
        return try JSONDecoder().decode(Outcome.self, from: Data(answer.readableBytesView)).accepted
    }

    /// COPY text rows of `count` events of the generator between `start` and `end`.
    static func copyRows(_ count: Int, generator: inout InsightsEventGenerator, from start: Double, to end: Double, userKeys: [String]) -> String {
        var rows = ""
        rows.reserveCapacity(count * 300)
        for _ in 0..<count {
            let event = generator.event(id: "", from: start, to: end)
            event.copyRow(userKey: userKeys[event.user], fingerprint: generator.fingerprint(), into: &rows)
        }
        return rows
    }
}

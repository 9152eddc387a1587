import AsyncHTTPClient
import Foundation
import PorticoStore
import PostgresNIO

/// Indexing over HTTP and search latency at scale: one tenant of `chunks` passages (the corpus
/// plus synthetic pages) beside other tenants of `otherChunks`, search over loopback HTTP against
/// its raw SQL floor and a bare route, in the same run.
extension AikaBench {
    static let indexingGoal = 500.0
    static let searchGoalMilliseconds = 50.0
    /// As many passages as an asked question retrieves.
    static let searchLimit = 8

    static let unselectiveQueries = [
        "how do we deploy the service",
        "what is the process for the team",
        "where do I find the logs for the service",
        "who do I ask about the database",
        "how do I get access",
    ]

    func measureSpeed(client: HTTPClient) async throws {
        let loaded = ContinuousClock.now
        for index in 0..<sizes.otherTenants {
            let tenant = try await makeAikaTenant("other-\(index)")
            var generator = AikaPageGenerator(corpus: corpus, seed: UInt64(index + 1))
            let pages = try generator.pages(passages: sizes.otherChunks, prefix: "synthetic")
            try await pushDocuments(pages, provider: "aika-bench-synthetic", clients: sizes.clients, to: tenant, client: client)
        }
        report(String(format: "speed: %d other tenants × %d passages pushed in %.1f s",
                      sizes.otherTenants, sizes.otherChunks, (ContinuousClock.now - loaded).seconds))

        let tenant = try await makeAikaTenant("speed")
        try await pushDocuments(corpus.documents, provider: "aika-bench", clients: 1, to: tenant, client: client)
        let corpusPassages = try await passageCounts(of: tenant)["pushed"] ?? 0
        var generator = AikaPageGenerator(corpus: corpus, seed: 0)
        let pages = try generator.pages(passages: sizes.chunks - corpusPassages, prefix: "synthetic")
        let bytes = pages.reduce(0) { $0 + $1.body.utf8.count }
        let started = ContinuousClock.now
        try await pushDocuments(pages, provider: "aika-bench-synthetic", clients: sizes.clients, to: tenant, client: client)
        let elapsed = ContinuousClock.now - started
        let passages = try await passageCounts(of: tenant)["pushed"] ?? 0
        let rate = Double(passages - corpusPassages) / elapsed.seconds
        report(String(format: "speed indexing: %d pages (%.0f KB each) = %d passages over HTTP (sets of %d, %d clients): %.1f s = %.0f passages/s | goal ≥ %.0f/s: %@",
                      pages.count, Double(bytes) / Double(pages.count) / 1024, passages - corpusPassages, Self.pushSize, sizes.clients,
                      elapsed.seconds, rate, Self.indexingGoal, rate >= Self.indexingGoal ? "met" : "MISSED"))

        // Steady state: autovacuum analyses a table this size soon after a bulk load (the search
        // reads its row estimate and the planner its statistics); do it now.
        try await runtime.database.query(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(tenant.context.id.schemaName.quoted).aika_passages"))

        var baseline = LatencySample()
        for _ in 0..<sizes.requests { try await baseline.measure { try await get(client, "/health/live", key: nil) } }
        report(String(format: "speed bare route GET /health/live: p50 %.2f ms p95 %.2f ms p99 %.2f ms", baseline.p50, baseline.p95, baseline.p99))
        try await compareSearch("selective (the corpus' questions with a rare page name)", selectiveQueries(pages: pages.count),
                                passages: passages, tenant: tenant, client: client)
        try await compareSearch("unselective (common words only)", Self.unselectiveQueries, passages: passages, tenant: tenant, client: client)
        try await compareSearch("rare words only (two page names)", rareQueries(pages: pages.count), passages: passages, tenant: tenant, client: client)
    }

    /// Questions whose every word is in one page only: the search's cost when the OR of the
    /// question's words matches a handful of passages.
    func rareQueries(pages: Int) -> [String] {
        (0..<3).map { index in
            "\(AikaPageGenerator.variant(pages / 3 * index + 1)) \(AikaPageGenerator.variant(pages / 3 * index + 2))"
        }
    }

    /// Document questions of the corpus, spread over it, each with the name only one page carries.
    func selectiveQueries(pages: Int) -> [String] {
        let questions = corpus.questions.filter { $0.kind == .document }
        return (0..<6).map { index in
            "\(questions[index * questions.count / 6].question) (\(AikaPageGenerator.variant(index * pages / 6)))"
        }
    }

    /// Each query `requests` times over HTTP and as its floor, alternately; one line for the set
    /// (and one per query with `--verbose`).
    func compareSearch(_ label: String, _ queries: [String], passages: Int, tenant: AikaTenant, client: HTTPClient) async throws {
        var api = LatencySample(), floor = LatencySample()
        for query in queries {
            var queryAPI = LatencySample(), queryFloor = LatencySample()
            let path = Self.searchPath(query, limit: Self.searchLimit)
            for _ in 0..<3 {
                try await get(client, path, key: tenant.key)
                try await searchFloor(query, limit: Self.searchLimit, tenant: tenant)
            }
            for _ in 0..<sizes.requests {
                try await queryAPI.measure { try await get(client, path, key: tenant.key) }
                try await queryFloor.measure { try await searchFloor(query, limit: Self.searchLimit, tenant: tenant) }
            }
            if verbose {
                report(String(format: "speed search \"%@\": API p50 %.1f ms p95 %.1f ms | floor p50 %.1f ms p95 %.1f ms",
                              query, queryAPI.p50, queryAPI.p95, queryFloor.p50, queryFloor.p95))
            }
            api.durations += queryAPI.durations
            floor.durations += queryFloor.durations
        }
        report(String(format: "speed search %@ at %d passages, %d queries × %d: API p50 %.1f ms p95 %.1f ms p99 %.1f ms | raw SQL p50 %.1f ms p95 %.1f ms p99 %.1f ms | API/SQL p50 %.2f p95 %.2f | goal p95 ≤ %.0f ms: %@",
                      label, passages, queries.count, sizes.requests, api.p50, api.p95, api.p99, floor.p50, floor.p95, floor.p99,
                      api.p50 / max(floor.p50, 0.001), api.p95 / max(floor.p95, 0.001), Self.searchGoalMilliseconds,
                      api.p95 <= Self.searchGoalMilliseconds ? "met" : "MISSED"))
    }
}

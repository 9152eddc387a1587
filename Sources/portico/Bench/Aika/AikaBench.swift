import AsyncHTTPClient
import Foundation
import PorticoAika
import PorticoApp
import PorticoCore
import PorticoProvisioning
import PorticoStore
import PostgresNIO

/// A tenant of the bench and its API key (all scopes).
struct AikaTenant: Sendable {
    let context: TenantContext
    let key: String
}

struct AikaBench: LoopbackBench, Sendable {
    struct Sizes: Sendable {
        let chunks, otherTenants, otherChunks, clients, requests: Int
    }

    let runtime: Runtime
    let tenants: TenantService
    let base: String
    let aika: AikaModule
    let corpus: AikaCorpus
    let sizes: Sizes
    let verbose: Bool
    /// Names this run's tenants.
    let runID = String(UUID().uuidString.prefix(6)).lowercased()

    /// The most documents one provider push may hold.
    static let pushSize = 500

    func makeAikaTenant(_ name: String) async throws -> AikaTenant {
        let (context, key) = try await makeTenant("aika-\(runID)-\(name)")
        return AikaTenant(context: context, key: key)
    }

    /// The corpus' catalog pushed as a provider's set, then indexed by AiKA at once rather than on
    /// the worker's next sweep.
    func loadCatalog(into tenant: AikaTenant, client: HTTPClient) async throws -> (read: Int, indexed: Int) {
        try await put(client, "/api/catalog/providers/aika-bench/entities", key: tenant.key, json: ["entities": corpus.entities])
        let synced = try await aika.syncCatalog(tenant.context.id)
        return (synced.read, synced.indexed)
    }

    /// Pushes the documents in sets of `pushSize`, `clients` at a time. A provider's push replaces
    /// its whole set, so each set after the first goes under a provider of its own.
    func pushDocuments(_ documents: [AikaDocument], provider: String, clients: Int, to tenant: AikaTenant, client: HTTPClient) async throws {
        let sets = stride(from: 0, to: documents.count, by: Self.pushSize).map { documents[$0..<min(documents.count, $0 + Self.pushSize)] }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for first in 0..<max(1, clients) {
                group.addTask {
                    for index in stride(from: first, to: sets.count, by: max(1, clients)) {
                        let name = index == 0 ? provider : "\(provider)-\(index)"
                        try await put(client, "/api/aika/providers/\(name)/documents", key: tenant.key, json: ["documents": Array(sets[index])])
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The tenant's indexed passages by origin (`pushed`, `catalog`). Counted in the table: a
    /// provider push answers with documents, not passages.
    func passageCounts(of tenant: AikaTenant) async throws -> [String: Int] {
        try await runtime.database.withTenantTransaction(tenant.context.id) { connection in
            var counts: [String: Int] = [:]
            let rows = try await connection.checkedQuery("SELECT origin, count(*)::int FROM aika_passages GROUP BY origin", logger: runtime.logger)
            for try await (origin, count) in rows.decode((String, Int).self) { counts[origin] = count }
            return counts
        }
    }
}

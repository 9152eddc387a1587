import Foundation
import HummingbirdTesting
import PorticoCore
import PostgresNIO
import Testing
@testable import PorticoAika
@testable import PorticoApp

/// Vector retrieval beside the lexical one when a tenant configures an embeddings endpoint.
@Suite struct AikaEmbeddingsTests {
    static func embedder(_ runtime: Runtime) -> PassageEmbedder {
        let models = ModelChoice(
            tenantStore: AikaTenantStore(database: runtime.database),
            sealer: SecretSealer(key: Data(base64Encoded: AikaSettingsTests.sealingKey) ?? Data()), defaultChat: nil, defaultEmbeddings: nil)
        return PassageEmbedder(
            database: runtime.database, models: models, clients: ModelClients(tenantConfigured: ModelClient(outbound: runtime.outbound), operatorConfigured: ModelClient(outbound: runtime.outbound)),
            limiter: ModelCallLimiter(callsPerMinute: 1_000), deadline: .seconds(30), logger: runtime.logger)
    }

    static func vectorCount(_ runtime: Runtime, _ tenant: TestTenant) async throws -> (Int, Int) {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            var counts = (0, 0)
            for try await row in try await connection.query(
                "SELECT count(*) FILTER (WHERE embedding_bits IS NOT NULL)::int, count(*)::int FROM aika_passages", logger: runtime.logger
            ).decode((Int, Int).self) {
                counts = row
            }
            return counts
        }
    }

    @Test func passagesAreEmbeddedQuestionsFusedAndAChangedModelStartsOver() async throws {
        try await TestDatabase.withShared(overrides: AikaModelAnswerTests.overrides()) { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LoopbackModelServer.with { model in
                try await LiveServer.with(runtime) { client in
                    _ = try await client.putDocument("settlement", title: "Payments settlement", body: AikaDocuments.settlement, token: tenant.apiKey)
                    _ = try await client.putDocument("on-call", title: "On-call handbook", body: AikaDocuments.onCall, token: tenant.apiKey)
                    let set = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: [
                        "embeddings": ["baseUrl": model.baseURL.absoluteString, "model": "embed-test", "apiKey": "sk-embed"],
                    ])
                    #expect(set.status == .ok, "\(set.json)")
                    let embedded = try await Self.embedder(runtime).embedPending(for: tenant.id)
                    let (withVectors, passages) = try await Self.vectorCount(runtime, tenant)
                    #expect(embedded == passages && withVectors == passages && passages > 0)
                    #expect(model.received.allSatisfy { $0.authorization == "Bearer sk-embed" })

                    let before = model.received.count
                    let found = try await client.call(.get, "/api/aika/search?q=handover%20channel%20monday", token: tenant.apiKey)
                    #expect((found.json["items"] as? [[String: Any]])?.first?["heading"] as? String == "On-call handbook > Handover", "\(found.json)")
                    let questionCall = model.received.dropFirst(before).first
                    #expect(questionCall?.path == "/v1/embeddings" && questionCall?.body?.input == ["handover channel monday"])

                    // Another model's vectors do not compare with these.
                    _ = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: [
                        "embeddings": ["baseUrl": model.baseURL.absoluteString, "model": "embed-other"],
                    ])
                    #expect(try await Self.vectorCount(runtime, tenant).0 == 0)
                }
            }
        }
    }

    @Test func fusionLetsAPassageOnlyTheVectorsFoundIntoTheAnswer() {
        func passage(_ id: String) -> RetrievedPassage {
            RetrievedPassage(sourceID: id, ordinal: 0, origin: "pushed", title: id, url: nil, entityRef: nil, ownerRef: nil,
                             heading: id, body: "", snippet: "", coverage: 0, score: 0)
        }
        let lexical = ["a", "b", "c", "d"].map(passage)
        let nearest = ["z", "c", "a"].map { LexicalSearch.Key(sourceID: $0, ordinal: 0) }
        let fused = PassageSearch.fused(lexical: lexical, nearest: nearest, extra: [passage("z")], limit: 3)
        #expect(fused.map(\.sourceID) == ["a", "c", "z"])
    }
}

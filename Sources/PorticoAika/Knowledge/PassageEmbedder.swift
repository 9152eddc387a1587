import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Gives every passage without a vector one, from the tenant's embeddings endpoint, in batches
/// in key order (each batch read from the primary key, so a backlog costs one pass). Passages
/// rewritten by a change lose their vector and are embedded again; when the tenant's model
/// calls for indexing are used up, the rest waits for the next sweep.
struct PassageEmbedder: Sendable {
    static let batchSize = 64
    static let textCharacters = 2_000

    let database: Database
    let models: ModelChoice
    let clients: ModelClients
    /// Apart from the questions' limiter: a backlog must not starve askers.
    let limiter: ModelCallLimiter
    let deadline: Duration
    let logger: Logger

    /// Returns how many passages got a vector.
    func embedPending(for tenant: TenantID) async throws -> Int {
        guard case .endpoint(let endpoint, let operatorConfigured) = try await models.embeddings(for: tenant) else { return 0 }
        let client = clients.client(operatorConfigured: operatorConfigured)
        var after = LexicalSearch.Key(sourceID: "", ordinal: -1)
        var embedded = 0
        while true {
            try Task.checkCancellation()
            let batch = try await pending(after: after, for: tenant)
            guard let last = batch.last else { break }
            guard limiter.admit(tenant) else { break }
            let vectors: [[Float]]
            do {
                vectors = try await client.embed(batch.map(\.text), endpoint: endpoint, deadline: deadline).vectors
            } catch {
                logger.warning("aika passages not embedded", metadata: ["tenant": "\(tenant)", "problem": "\(error)"])
                break
            }
            try await store(vectors, for: batch.map(\.key), tenant: tenant)
            embedded += batch.count
            AikaMetrics.embeddedPassages.increment(by: batch.count)
            after = last.key
        }
        return embedded
    }

    private func pending(after: LexicalSearch.Key, for tenant: TenantID) async throws -> [(key: LexicalSearch.Key, text: String)] {
        try await database.withTenantTransaction(tenant) { connection in
            var batch: [(LexicalSearch.Key, String)] = []
            let rows = try await connection.checkedQuery("""
                SELECT source_id, ordinal, left(heading || E'\\n' || body, \(Self.textCharacters)::int) FROM aika_passages
                WHERE (source_id, ordinal) > (\(after.sourceID), \(after.ordinal)) AND embedding IS NULL
                ORDER BY source_id, ordinal
                LIMIT \(Self.batchSize)
                """, logger: database.logger)
            for try await (source, ordinal, text) in rows.decode((String, Int, String).self) {
                batch.append((LexicalSearch.Key(sourceID: source, ordinal: ordinal), text))
            }
            return batch.map { (key: $0.0, text: $0.1) }
        }
    }

    private func store(_ vectors: [[Float]], for keys: [LexicalSearch.Key], tenant: TenantID) async throws {
        let texts = vectors.map { "{" + $0.map { String($0) }.joined(separator: ",") + "}" }
        let bits = vectors.map(VectorSearch.signBits(of:))
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute("""
                UPDATE aika_passages p SET embedding = v.embedding::real[], embedding_bits = v.bits::bit varying
                FROM unnest(\(keys.map(\.sourceID))::text[], \(keys.map { Int32($0.ordinal) })::int[], \(texts)::text[], \(bits)::text[])
                    AS v(source_id, ordinal, embedding, bits)
                WHERE p.source_id = v.source_id AND p.ordinal = v.ordinal
                """, logger: database.logger)
        }
    }

    /// Vectors from another model do not compare: a changed embeddings endpoint starts over.
    static func forgetVectors(for tenant: TenantID, database: Database) async throws {
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute(
                "UPDATE aika_passages SET embedding = NULL, embedding_bits = NULL WHERE embedding IS NOT NULL", logger: database.logger)
        }
    }
}

import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Retrieval: the lexical ranking, fused with the vector ranking when the tenant has an
/// embeddings endpoint and the question's vector came back in time (reciprocal rank fusion, so
/// neither score scale dominates). Without embeddings it is the lexical ranking alone.
struct PassageSearch: Sendable {
    static let fusionConstant = 60.0
    static let candidatesPerRanking = 20

    let database: Database
    let vectors: QuestionVectors?
    let frequencies = LexemeFrequencies()

    func search(_ question: String, limit: Int, for tenant: TenantID) async throws -> (terms: QuestionTerms, passages: [RetrievedPassage]) {
        let vector = await vectors?.vector(of: question, for: tenant)
        return try await database.withTenantTransaction(tenant) { connection in
            let logger = database.logger
            let terms = try await LexicalSearch.terms(
                of: question, frequencies: frequencies, tenant: tenant, on: connection, logger: logger)
            guard let vector else {
                return (terms, try await LexicalSearch.rank(terms, limit: limit, on: connection, logger: logger))
            }
            let lexical = try await LexicalSearch.rank(terms, limit: max(limit, Self.candidatesPerRanking), on: connection, logger: logger)
            let nearest = try await VectorSearch.nearest(vector, limit: Self.candidatesPerRanking, on: connection, logger: logger)
            let known = Set(lexical.map { LexicalSearch.Key(sourceID: $0.sourceID, ordinal: $0.ordinal) })
            let vectorOnly = try await LexicalSearch.passages(
                nearest.map(\.key).filter { !known.contains($0) }, terms: terms, on: connection, logger: logger)
            return (terms, Self.fused(lexical: lexical, nearest: nearest.map(\.key), extra: vectorOnly, limit: limit))
        }
    }

    static func fused(lexical: [RetrievedPassage], nearest: [LexicalSearch.Key], extra: [RetrievedPassage], limit: Int) -> [RetrievedPassage] {
        var score: [LexicalSearch.Key: Double] = [:]
        for (rank, passage) in lexical.enumerated() {
            score[LexicalSearch.Key(sourceID: passage.sourceID, ordinal: passage.ordinal), default: 0] += 1 / (fusionConstant + Double(rank + 1))
        }
        for (rank, key) in nearest.enumerated() {
            score[key, default: 0] += 1 / (fusionConstant + Double(rank + 1))
        }
        let all = lexical + extra
        return all.sorted { left, right in
            let l = score[LexicalSearch.Key(sourceID: left.sourceID, ordinal: left.ordinal)] ?? 0
            let r = score[LexicalSearch.Key(sourceID: right.sourceID, ordinal: right.ordinal)] ?? 0
            return l != r ? l > r : (left.sourceID, left.ordinal) < (right.sourceID, right.ordinal)
        }.prefix(limit).map { $0 }
    }
}

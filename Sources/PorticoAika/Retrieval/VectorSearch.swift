import Foundation
import Logging
import PostgresNIO

/// Nearest passages to a question's vector without a vector index: the passages whose sign
/// bits are nearest by Hamming distance (one scan of a few dozen bytes per passage), then
/// re-ranked by the cosine of the full vectors.
enum VectorSearch {
    static let bitCandidates = 60

    static func nearest(
        _ vector: [Float], limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [(key: LexicalSearch.Key, cosine: Double)] {
        var candidates: [(LexicalSearch.Key, Double)] = []
        let rows = try await connection.checkedQuery("""
            SELECT source_id, ordinal, embedding FROM aika_passages
            WHERE embedding_bits IS NOT NULL AND length(embedding_bits) = \(vector.count)
            ORDER BY bit_count(embedding_bits # \(signBits(of: vector))::bit varying), source_id, ordinal
            LIMIT \(bitCandidates)
            """, logger: logger)
        for try await (source, ordinal, embedding) in rows.decode((String, Int, [Float]).self) {
            candidates.append((LexicalSearch.Key(sourceID: source, ordinal: ordinal), cosine(vector, embedding)))
        }
        return candidates.sorted { $0.1 > $1.1 }.prefix(limit).map { (key: $0.0, cosine: $0.1) }
    }

    /// `1` where a component is positive, else `0`: the vector's orthant, as PostgreSQL bit text.
    static func signBits(of vector: [Float]) -> String {
        String(vector.map { $0 > 0 ? "1" : "0" }.joined())
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot = 0.0, normA = 0.0, normB = 0.0
        for index in a.indices {
            dot += Double(a[index]) * Double(b[index])
            normA += Double(a[index]) * Double(a[index])
            normB += Double(b[index]) * Double(b[index])
        }
        return normA == 0 || normB == 0 ? 0 : dot / (normA.squareRoot() * normB.squareRoot())
    }
}

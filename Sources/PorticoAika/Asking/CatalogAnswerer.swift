import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Answers catalog questions from the relations AiKA keeps in step with the catalog: the subject
/// is found by its names (trigram word similarity, the kind the question implies preferred), the
/// answers are the relation's targets both ways, listed in full.
struct CatalogAnswerer: Sendable {
    struct Answer: Sendable {
        let subject: RetrievedPassage
        let relation: String
        let targets: [String]
    }

    static let minimumNameSimilarity = 0.5

    let database: Database

    func answer(_ question: CatalogQuestion, for tenant: TenantID) async throws -> Answer? {
        try await database.withTenantTransaction(tenant) { connection in
            guard let subject = try await subject(question, on: connection) else { return nil }
            guard let ref = subject.entityRef else { return nil }
            var targets: [String] = []
            let rows = try await connection.checkedQuery("""
                SELECT DISTINCT target FROM (
                    SELECT substr(r, length(\(question.relation)) + 2) AS target
                    FROM aika_passages, unnest(relations) r
                    WHERE source_id = \(subject.sourceID) AND ordinal = 0 AND r LIKE \(question.relation + " %")
                    UNION
                    SELECT entity_ref FROM aika_passages
                    WHERE ordinal = 0 AND relations @> ARRAY[\("~\(question.relation) \(ref)")]::text[]
                ) t
                WHERE \(question.answerKind)::text IS NULL OR target LIKE \(question.answerKind.map { $0 + ":%" } ?? "")
                ORDER BY target
                """, logger: database.logger)
            for try await target in rows.decode(String.self) { targets.append(target) }
            return Answer(subject: subject, relation: question.relation, targets: targets)
        }
    }

    private func subject(_ question: CatalogQuestion, on connection: PostgresConnection) async throws -> RetrievedPassage? {
        let kindPrefix = question.subjectKind.map { $0 + ":%" }
        let dashed = question.subject.replacingOccurrences(of: " ", with: "-")
        // Named by ref: that entity or none. Named in words: the GIN index's trigram match.
        let rows = try await connection.checkedQuery(question.subjectRef.map { ref in """
            SELECT source_id, title, url, entity_ref, owner_ref, heading, body, 1::float8
            FROM aika_passages WHERE source_id = \(KnowledgeSource.entityID(ref)) AND ordinal = 0 AND origin = 'catalog'
            """ } ?? """
            SELECT source_id, title, url, entity_ref, owner_ref, heading, body,
                   public.word_similarity(\(question.subject), names) AS similarity
            FROM aika_passages
            WHERE origin = 'catalog' AND ordinal = 0 AND names OPERATOR(public.%>) \(question.subject)
            ORDER BY (split_part(entity_ref, '/', 2) = \(dashed)) DESC,
                     (\(kindPrefix)::text IS NOT NULL AND entity_ref LIKE \(kindPrefix ?? "")) DESC,
                     similarity DESC, entity_ref
            LIMIT 1
            """, logger: database.logger)
        for try await row in rows.decode((String, String, String?, String?, String?, String, String, Double).self)
        where row.7 >= Self.minimumNameSimilarity {
            return RetrievedPassage(
                sourceID: row.0, ordinal: 0, origin: "catalog", title: row.1, url: row.2, entityRef: row.3, ownerRef: row.4,
                heading: row.5, body: row.6, snippet: String(row.6.prefix(300)), coverage: 1, score: row.7)
        }
        return nil
    }

    static func sentence(for answer: Answer) -> String {
        let name = answer.subject.title
        let list = answer.targets.joined(separator: ", ")
        let phrase = Self.phrases[answer.relation] ?? (answer.relation, answer.relation)
        return answer.targets.isEmpty
            ? "The catalog records nothing that \(name) \(phrase.none) [1]."
            : "\(name) \(phrase.some) \(list) [1]."
    }

    /// How a relation reads with answers, and the verb for a sentence saying there are none.
    private static let phrases: [String: (some: String, none: String)] = [
        "ownedBy": ("is owned by", "is owned by"),
        "ownerOf": ("owns", "owns"),
        "consumesApi": ("consumes the APIs", "consumes"),
        "providesApi": ("provides the APIs", "provides"),
        "apiConsumedBy": ("is consumed by", "is consumed by"),
        "apiProvidedBy": ("is provided by", "is provided by"),
        "partOf": ("is part of", "is part of"),
        "hasPart": ("has the parts", "has as a part"),
        "hasMember": ("has the members", "has as a member"),
        "memberOf": ("is a member of", "is a member of"),
        "dependsOn": ("depends on", "depends on"),
        "dependencyOf": ("is a dependency of", "is a dependency of"),
    ]
}

import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Reads and writes a tenant's passages. A source is replaced whole (its passages deleted and
/// written again) inside one transaction, so a question never sees half a source; a source whose
/// version did not change is not touched.
struct KnowledgeStore: Sendable {
    /// A source that was written, with the documentation reference it had before.
    struct Change: Sendable {
        let source: KnowledgeSource
        let previousTechdocsRef: String?
    }

    let database: Database

    /// Writes the sources whose version changed; returns how many were written.
    @discardableResult
    func replace(_ sources: [KnowledgeSource], within budget: PassageBudget? = nil, for tenant: TenantID) async throws -> Int {
        guard !sources.isEmpty else { return 0 }
        return try await database.withTenantTransaction(tenant) { connection in
            try await budget?.check(sources, replacingProvider: nil, on: connection, logger: database.logger)
            return try await Self.replace(sources, on: connection, logger: database.logger).count
        }
    }

    func replaceReportingChanges(_ sources: [KnowledgeSource], for tenant: TenantID) async throws -> [Change] {
        guard !sources.isEmpty else { return [] }
        return try await database.withTenantTransaction(tenant) { connection in
            try await Self.replace(sources, on: connection, logger: database.logger)
        }
    }

    static func replace(_ sources: [KnowledgeSource], on connection: PostgresConnection, logger: Logger) async throws -> [Change] {
        let ids = sources.map(\.id)
        var stored: [String: (version: String, techdocsRef: String?)] = [:]
        for try await (id, version, techdocsRef) in try await connection.checkedQuery(
            "SELECT source_id, version, techdocs_ref FROM aika_passages WHERE ordinal = 0 AND source_id = ANY(\(ids))", logger: logger
        ).decode((String, String, String?).self) {
            stored[id] = (version, techdocsRef)
        }
        let changed = sources.filter { stored[$0.id]?.version != $0.version }
        guard !changed.isEmpty else { return [] }
        try await connection.execute(
            "DELETE FROM aika_passages WHERE source_id = ANY(\(changed.map(\.id)))", logger: logger)
        var columns = PassageColumns()
        for source in changed {
            for (ordinal, passage) in source.passages.enumerated() {
                columns.append(source, ordinal: ordinal, passage: passage)
            }
        }
        // A document's owner is its entity's owner, as far as AiKA knows the entity.
        try await connection.execute("""
            INSERT INTO aika_passages (source_id, ordinal, origin, provider, version, title, url, entity_ref, owner_ref,
                                       heading, body, names, relations, techdocs_ref, terms, updated_at)
            SELECT p.source_id, p.ordinal, p.origin, nullif(p.provider, ''), p.version, p.title, nullif(p.url, ''),
                   nullif(p.entity_ref, ''),
                   coalesce(nullif(p.owner_ref, ''), (SELECT e.owner_ref FROM aika_passages e
                                                      WHERE e.source_id = 'entity:' || p.entity_ref AND e.ordinal = 0)),
                   p.heading, p.body, p.names, string_to_array(p.relations, E'\\n'), nullif(p.techdocs_ref, ''),
                   setweight(to_tsvector('english', p.heading || ' ' || p.names), 'A') || setweight(to_tsvector('english', p.body), 'B'),
                   \(Date())
            FROM unnest(\(columns.sourceIDs)::text[], \(columns.ordinals)::int[], \(columns.origins)::text[], \(columns.providers)::text[],
                        \(columns.versions)::text[], \(columns.titles)::text[], \(columns.urls)::text[], \(columns.entityRefs)::text[],
                        \(columns.ownerRefs)::text[], \(columns.headings)::text[], \(columns.bodies)::text[], \(columns.names)::text[],
                        \(columns.relations)::text[], \(columns.techdocsRefs)::text[])
                AS p(source_id, ordinal, origin, provider, version, title, url, entity_ref, owner_ref, heading, body, names, relations,
                     techdocs_ref)
            """, logger: logger)
        AikaMetrics.indexedSources.increment(by: changed.count)
        return changed.map { Change(source: $0, previousTechdocsRef: stored[$0.id]?.techdocsRef) }
    }

    /// Makes `sources` the whole set of a provider's sources: the provider's other sources go, in
    /// the same transaction. Returns how many were written and how many deleted.
    func replaceSet(
        _ sources: [KnowledgeSource], origin: KnowledgeSource.Origin, provider: String, within budget: PassageBudget?, for tenant: TenantID
    ) async throws -> (written: Int, deleted: Int) {
        try await database.withTenantTransaction(tenant) { connection in
            try await budget?.check(sources, replacingProvider: (origin, provider), on: connection, logger: database.logger)
            var deleted = 0
            for try await count in try await connection.checkedQuery("""
                WITH gone AS (
                    DELETE FROM aika_passages
                    WHERE origin = \(origin.rawValue) AND provider = \(provider) AND NOT (source_id = ANY(\(sources.map(\.id))))
                    RETURNING ordinal
                ) SELECT count(*) FILTER (WHERE ordinal = 0)::int FROM gone
                """, logger: database.logger).decode(Int.self) {
                deleted = count
            }
            let written = sources.isEmpty ? 0 : try await Self.replace(sources, on: connection, logger: database.logger).count
            return (written, deleted)
        }
    }

    /// Deletes the sources with these ids; returns how many there were.
    @discardableResult
    func delete(_ sourceIDs: [String], for tenant: TenantID) async throws -> Int {
        guard !sourceIDs.isEmpty else { return 0 }
        return try await database.withTenantTransaction(tenant) { connection in
            var deleted = 0
            for try await count in try await connection.checkedQuery("""
                WITH gone AS (DELETE FROM aika_passages WHERE source_id = ANY(\(sourceIDs)) RETURNING ordinal)
                SELECT count(*) FILTER (WHERE ordinal = 0)::int FROM gone
                """, logger: database.logger
            ).decode(Int.self) {
                deleted = count
            }
            return deleted
        }
    }

    /// Deletes the fetched documentation pages of these entities.
    func deleteTechdocs(of entities: [String], for tenant: TenantID) async throws {
        guard !entities.isEmpty else { return }
        try await database.withTenantTransaction(tenant) { connection in
            for entity in entities {
                try await connection.execute(
                    "DELETE FROM aika_passages WHERE source_id LIKE \(Self.likePrefix(KnowledgeSource.techdocsPrefix(entity: entity)))",
                    logger: database.logger)
            }
        }
    }

    /// The entities whose documentation workers fetch, with its reference.
    func techdocsReferences(for tenant: TenantID) async throws -> [(entity: String, reference: String)] {
        try await database.withTenantTransaction(tenant) { connection in
            var references: [(String, String)] = []
            for try await row in try await connection.checkedQuery("""
                SELECT entity_ref, techdocs_ref FROM aika_passages
                WHERE ordinal = 0 AND origin = 'catalog' AND techdocs_ref IS NOT NULL AND entity_ref IS NOT NULL
                """, logger: database.logger).decode((String, String).self) {
                references.append(row)
            }
            return references
        }
    }

    /// The entity's documentation reference as last synced, nil when it has none (or is gone).
    func techdocsReference(of entity: String, for tenant: TenantID) async throws -> String? {
        try await database.withTenantTransaction(tenant) { connection in
            for try await reference in try await connection.checkedQuery("""
                SELECT techdocs_ref FROM aika_passages WHERE source_id = \(KnowledgeSource.entityID(entity)) AND ordinal = 0
                """, logger: database.logger).decode(String?.self) {
                return reference
            }
            return nil
        }
    }

    /// How many sources of one origin there are (a sync compares it with the catalog's count
    /// every time, and reads the ids only when they differ).
    func sourceCount(origin: KnowledgeSource.Origin, for tenant: TenantID) async throws -> Int {
        try await database.withTenantTransaction(tenant) { connection in
            var count = 0
            for try await value in try await connection.checkedQuery(
                "SELECT count(*)::int FROM aika_passages WHERE ordinal = 0 AND origin = \(origin.rawValue)", logger: database.logger
            ).decode(Int.self) {
                count = value
            }
            return count
        }
    }

    /// The ids of the sources of one origin (and provider, when given).
    func sourceIDs(origin: KnowledgeSource.Origin, provider: String? = nil, for tenant: TenantID) async throws -> Set<String> {
        try await database.withTenantTransaction(tenant) { connection in
            var ids = Set<String>()
            for try await id in try await connection.checkedQuery("""
                SELECT source_id FROM aika_passages
                WHERE ordinal = 0 AND origin = \(origin.rawValue) AND (\(provider)::text IS NULL OR provider = \(provider))
                """, logger: database.logger
            ).decode(String.self) {
                ids.insert(id)
            }
            return ids
        }
    }

    /// `prefix%`, with LIKE's own characters in the prefix escaped (the default escape is `\`).
    static func likePrefix(_ prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}

extension KnowledgeStore {
    /// A source as it is stored, its passages in order (`KnowledgeSource.entityID(ref)` for an
    /// entity); nil when there is none with this id.
    func source(_ id: String, for tenant: TenantID) async throws -> KnowledgeSource? {
        try await database.withTenantTransaction(tenant) { connection in
            var rows: [(String, String?, String, String, String?, String?, String?, String, [String], String, String)] = []
            for try await row in try await connection.checkedQuery("""
                SELECT origin, provider, version, title, url, entity_ref, owner_ref, names, relations, heading, body
                FROM aika_passages WHERE source_id = \(id) ORDER BY ordinal
                """, logger: database.logger
            ).decode((String, String?, String, String, String?, String?, String?, String, [String], String, String).self) {
                rows.append(row)
            }
            guard let first = rows.first, let origin = KnowledgeSource.Origin(rawValue: first.0) else { return nil }
            return KnowledgeSource(
                id: id, origin: origin, provider: first.1, version: first.2, title: first.3, url: first.4, entityRef: first.5,
                ownerRef: first.6, names: first.7, relations: first.8,
                passages: rows.map { KnowledgeSource.Passage(heading: $0.9, body: $0.10) })
        }
    }
}

/// The passages of a write, column by column, for one `unnest` insert (PostgresNIO binds no
/// arrays of optionals: an absent value travels as an empty string).
private struct PassageColumns {
    var sourceIDs: [String] = []
    var ordinals: [Int32] = []
    var origins: [String] = []
    var providers: [String] = []
    var versions: [String] = []
    var titles: [String] = []
    var urls: [String] = []
    var entityRefs: [String] = []
    var ownerRefs: [String] = []
    var headings: [String] = []
    var bodies: [String] = []
    var names: [String] = []
    var relations: [String] = []
    var techdocsRefs: [String] = []

    mutating func append(_ source: KnowledgeSource, ordinal: Int, passage: KnowledgeSource.Passage) {
        sourceIDs.append(source.id)
        ordinals.append(Int32(ordinal))
        origins.append(source.origin.rawValue)
        providers.append(source.provider ?? "")
        versions.append(source.version)
        titles.append(source.title)
        urls.append(source.url ?? "")
        entityRefs.append(source.entityRef ?? "")
        ownerRefs.append(source.ownerRef ?? "")
        headings.append(passage.heading)
        bodies.append(passage.body)
        // The source's names, relations and documentation reference live on its first passage.
        let first = ordinal == 0
        names.append(first ? source.names : "")
        relations.append(first ? source.relations.joined(separator: "\n") : "")
        techdocsRefs.append(first ? source.techdocsRef ?? "" : "")
    }
}

extension KnowledgeStore {
    /// Notes on the entity why its documentation could not be indexed (nil: it was).
    func recordTechdocsProblem(_ problem: String?, of entity: String, for tenant: TenantID) async throws {
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute("""
                UPDATE aika_passages SET techdocs_problem = \(problem)
                WHERE source_id = \(KnowledgeSource.entityID(entity)) AND ordinal = 0
                """, logger: database.logger)
        }
    }

    /// Every entity with documentation to fetch: its reference, pages indexed and last problem.
    func techdocsStatus(for tenant: TenantID) async throws -> [TechdocsStatus] {
        try await database.withTenantTransaction(tenant) { connection in
            var statuses: [TechdocsStatus] = []
            let rows = try await connection.checkedQuery("""
                SELECT e.entity_ref, e.techdocs_ref, e.techdocs_problem,
                       (SELECT count(*)::int FROM aika_passages p
                        WHERE p.source_id LIKE 'techdocs:' || replace(replace(replace(e.entity_ref, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '#%'
                          AND p.ordinal = 0)
                FROM aika_passages e
                WHERE e.ordinal = 0 AND e.origin = 'catalog' AND e.techdocs_ref IS NOT NULL
                ORDER BY e.entity_ref
                """, logger: database.logger)
            for try await row in rows.decode((String, String, String?, Int).self) {
                statuses.append(TechdocsStatus(entityRef: row.0, reference: row.1, problem: row.2, pages: row.3))
            }
            return statuses
        }
    }
}

/// An entity's documentation as AiKA has fetched it.
struct TechdocsStatus: Encodable, Sendable {
    let entityRef: String
    let reference: String
    let problem: String?
    let pages: Int
}

extension KnowledgeStore {
    /// Documents about these entities take their entity's current owner (where gaps are routed).
    func refreshDocumentOwners(of entities: [String], for tenant: TenantID) async throws {
        guard !entities.isEmpty else { return }
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute("""
                UPDATE aika_passages d SET owner_ref = e.owner_ref
                FROM aika_passages e
                WHERE d.origin <> 'catalog' AND d.entity_ref = ANY(\(entities))
                  AND e.source_id = 'entity:' || d.entity_ref AND e.ordinal = 0
                  AND d.owner_ref IS DISTINCT FROM e.owner_ref
                """, logger: database.logger)
        }
    }
}

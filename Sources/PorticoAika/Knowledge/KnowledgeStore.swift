import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Reads and writes a tenant's passages. A source is replaced whole (its passages deleted and
/// written again) inside one transaction, so a question never sees half a source; a source whose
/// version did not change is not touched.
struct KnowledgeStore: Sendable {
    let database: Database

    /// Writes the sources whose version changed; returns how many were written.
    @discardableResult
    func replace(_ sources: [KnowledgeSource], for tenant: TenantID) async throws -> Int {
        guard !sources.isEmpty else { return 0 }
        return try await database.withTenantTransaction(tenant) { connection in
            try await Self.replace(sources, on: connection, logger: database.logger)
        }
    }

    static func replace(_ sources: [KnowledgeSource], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let ids = sources.map(\.id)
        var stored: [String: String] = [:]
        for try await (id, version) in try await connection.checkedQuery(
            "SELECT source_id, version FROM aika_passages WHERE ordinal = 0 AND source_id = ANY(\(ids))", logger: logger
        ).decode((String, String).self) {
            stored[id] = version
        }
        let changed = sources.filter { stored[$0.id] != $0.version }
        guard !changed.isEmpty else { return 0 }
        try await connection.execute(
            "DELETE FROM aika_passages WHERE source_id = ANY(\(changed.map(\.id)))", logger: logger)
        var columns = PassageColumns()
        let now = Date()
        for source in changed {
            for (ordinal, passage) in source.passages.enumerated() {
                columns.append(source, ordinal: ordinal, passage: passage)
            }
        }
        try await connection.execute("""
            INSERT INTO aika_passages (source_id, ordinal, origin, provider, version, title, url, entity_ref, owner_ref,
                                       heading, body, names, relations, terms, updated_at)
            SELECT p.source_id, p.ordinal, p.origin, nullif(p.provider, ''), p.version, p.title, nullif(p.url, ''),
                   nullif(p.entity_ref, ''), nullif(p.owner_ref, ''),
                   p.heading, p.body, p.names, string_to_array(p.relations, E'\\n'),
                   setweight(to_tsvector('english', p.heading || ' ' || p.names), 'A') || setweight(to_tsvector('english', p.body), 'B'),
                   \(now)
            FROM unnest(\(columns.sourceIDs)::text[], \(columns.ordinals)::int[], \(columns.origins)::text[], \(columns.providers)::text[],
                        \(columns.versions)::text[], \(columns.titles)::text[], \(columns.urls)::text[], \(columns.entityRefs)::text[],
                        \(columns.ownerRefs)::text[], \(columns.headings)::text[], \(columns.bodies)::text[], \(columns.names)::text[],
                        \(columns.relations)::text[])
                AS p(source_id, ordinal, origin, provider, version, title, url, entity_ref, owner_ref, heading, body, names, relations)
            """, logger: logger)
        return changed.count
    }

    /// Deletes the sources with these ids; returns how many passages went.
    @discardableResult
    func delete(_ sourceIDs: [String], for tenant: TenantID) async throws -> Int {
        guard !sourceIDs.isEmpty else { return 0 }
        return try await database.withTenantTransaction(tenant) { connection in
            var deleted = 0
            for try await count in try await connection.checkedQuery(
                "WITH gone AS (DELETE FROM aika_passages WHERE source_id = ANY(\(sourceIDs)) RETURNING 1) SELECT count(*)::int FROM gone",
                logger: database.logger
            ).decode(Int.self) {
                deleted = count
            }
            return deleted
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
        // The source's names and relations are searched on its first passage only.
        names.append(ordinal == 0 ? source.names : "")
        relations.append(ordinal == 0 ? source.relations.joined(separator: "\n") : "")
    }
}

import Foundation
import PorticoCore
import PorticoStore
import PostgresNIO

/// The catalog's side of the `CatalogKnowledge` port: entities by write time with the relations
/// they declare, and the set of refs for readers that reconcile deletions.
///
/// Reading by `updated_at` has no index on purpose: an index would cost every catalog write, and
/// the readers (AiKA's sync, every `aika.catalogSyncSeconds` per tenant that has it) can afford one scan.
public struct CatalogKnowledgeFeed: CatalogKnowledge {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func entitiesWritten(since: Date?, after: CatalogEntityPosition?, limit: Int, tenant: TenantID) async throws -> [CatalogEntityRecord] {
        let start = after?.writtenAt ?? since ?? .distantPast
        let startRef = after?.ref ?? ""
        return try await database.withTenantTransaction(tenant) { connection in
            var records: [CatalogEntityRecord] = []
            let rows = try await connection.checkedQuery("""
                SELECT e.ref, e.etag, e.updated_at, e.body::text,
                       coalesce((SELECT json_agg(json_build_array(r.type, r.reverse_type, r.target_key))
                                 FROM relations r WHERE r.originating_uid = e.uid), '[]')::text
                FROM entities e
                WHERE (e.updated_at, e.ref) > (\(start), \(startRef))
                ORDER BY e.updated_at, e.ref
                LIMIT \(limit)
                """, logger: database.logger)
            let decoder = JSONDecoder()
            for try await (ref, etag, writtenAt, body, relations) in rows.decode((String, String, Date, String, String).self) {
                let descriptor = try decoder.decode(JSONValue.self, from: Data(body.utf8))
                let triples = try decoder.decode([[String]].self, from: Data(relations.utf8))
                records.append(CatalogEntityRecord(
                    ref: ref, etag: etag, writtenAt: writtenAt, descriptor: descriptor,
                    relations: triples.compactMap { triple in
                        triple.count == 3 ? CatalogRelation(type: triple[0], reverseType: triple[1], target: triple[2]) : nil
                    }))
            }
            return records
        }
    }

    public func entityRefs(tenant: TenantID) async throws -> Set<String> {
        try await database.withTenantTransaction(tenant) { connection in
            var refs = Set<String>()
            for try await ref in try await connection.checkedQuery("SELECT ref FROM entities", logger: database.logger).decode(String.self) {
                refs.insert(ref)
            }
            return refs
        }
    }

    /// From the kept counts: billing samples it for every tenant, and counting every entity cost
    /// each sample in proportion to the catalog.
    public func entityCount(tenant: TenantID) async throws -> Int {
        try await database.withTenantTransaction(tenant) { connection in
            var count = 0
            for try await value in try await connection.checkedQuery(
                PostgresQuery(unsafeSQL: FacetCounts.entityCountSQL), logger: database.logger).decode(Int.self) {
                count = value
            }
            return count
        }
    }
}

extension CatalogKnowledgeFeed {
    public func entity(_ ref: String, tenant: TenantID) async throws -> CatalogEntityHandle? {
        try await database.withTenantTransaction(tenant) { connection in
            let rows = try await connection.checkedQuery("SELECT uid FROM entities WHERE ref = \(ref)", logger: database.logger)
            for try await uid in rows.decode(UUID.self) { return CatalogEntityHandle(uid: uid, ref: ref) }
            return nil
        }
    }

    /// Read from the flattened search rows, whose (key, value) index answers both forms.
    public func entities(annotated key: String, values: [String]?, tenant: TenantID) async throws -> [AnnotatedEntity] {
        let searchKey = "metadata.annotations.\(key)".lowercased()
        let lowered = values?.map { $0.lowercased() }
        return try await database.withTenantTransaction(tenant) { connection in
            let rows = try await connection.checkedQuery("""
                SELECT e.uid, e.ref, s.original_value FROM search s JOIN entities e ON e.uid = s.entity_uid
                WHERE s.key = \(searchKey) AND (\(lowered == nil) OR s.value = ANY(\(lowered ?? [])))
                ORDER BY e.ref
                """, logger: database.logger)
            var found: [AnnotatedEntity] = []
            for try await (uid, ref, value) in rows.decode((UUID, String, String).self) {
                found.append(AnnotatedEntity(entity: CatalogEntityHandle(uid: uid, ref: ref), value: value))
            }
            return found
        }
    }

    /// A relation is stored once, by the side that declared it: `X ownedBy G` as (X, ownedBy, G),
    /// or `G ownerOf X` as (G, ownerOf, X) with reverse type ownedBy. Both are read.
    public func entities(related type: String, to targets: [String], tenant: TenantID) async throws -> [RelatedEntity] {
        guard !targets.isEmpty else { return [] }
        return try await database.withTenantTransaction(tenant) { connection in
            let rows = try await connection.checkedQuery("""
                SELECT e.uid, e.ref, related.target
                FROM (SELECT r.source_key, r.target_key FROM relations r WHERE r.type = \(type) AND r.target_key = ANY(\(targets))
                      UNION
                      SELECT r.target_key, r.source_key FROM relations r WHERE r.reverse_type = \(type) AND r.source_key = ANY(\(targets)))
                     AS related(ref, target)
                JOIN entities e ON e.ref = related.ref
                ORDER BY e.ref, related.target
                """, logger: database.logger)
            var found: [RelatedEntity] = []
            for try await (uid, ref, target) in rows.decode((UUID, String, String).self) {
                found.append(RelatedEntity(entity: CatalogEntityHandle(uid: uid, ref: ref), target: target))
            }
            return found
        }
    }
}

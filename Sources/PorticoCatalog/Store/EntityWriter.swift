import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Writes entities of one source inside a tenant-scoped transaction, in set-based statements:
/// unchanged entities (same content hash) cost nothing, entities of another source are reported
/// as conflicts and left alone, and the plan's entity limit holds.
struct EntityWriter {
    let connection: PostgresConnection
    let logger: Logger
    let tenant: TenantID

    static let chunkSize = 1_000

    /// Serialises catalog writes of one tenant, so limits and ownership checks see a stable state.
    func lock() async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("catalog:" + tenant.description)))", logger: logger)
    }

    struct Existing {
        let uid: UUID
        let source: String
        let contentHash: String
    }

    func existing(keys: [String]) async throws -> [String: Existing] {
        var result: [String: Existing] = [:]
        for chunk in keys.chunked(into: 10_000) {
            let rows = try await connection.query(
                "SELECT ref, uid, source, content_hash FROM entities WHERE ref = ANY(\(chunk))", logger: logger)
            for try await (ref, uid, source, hash) in rows.decode((String, UUID, String, String).self) {
                result[ref] = Existing(uid: uid, source: source, contentHash: hash)
            }
        }
        return result
    }

    /// Adds or updates `items` for `source`; returns what happened to each.
    func upsert(_ items: [ProcessedEntity], source: EntitySource, report: inout IngestionReport) async throws {
        let existing = try await existing(keys: items.map(\.key))
        var toWrite: [(ProcessedEntity, UUID, Bool)] = []
        for item in items {
            if let current = existing[item.key] {
                if current.source != source.description {
                    report.conflicts.append(.init(entityRef: item.entity.ref.description, ownedBy: current.source))
                } else if current.contentHash == item.contentHash {
                    report.unchanged += 1
                } else {
                    toWrite.append((item, current.uid, false))
                }
            } else {
                toWrite.append((item, UUID(), true))
            }
        }
        for chunk in toWrite.chunked(into: Self.chunkSize) {
            try await write(chunk, source: source)
        }
        report.added += toWrite.filter(\.2).count
        report.updated += toWrite.filter { !$0.2 }.count
    }

    private func write(_ chunk: [(ProcessedEntity, UUID, Bool)], source: EntitySource) async throws {
        var uids: [UUID] = [], refs: [String] = [], kinds: [String] = [], namespaces: [String] = [], names: [String] = []
        var etags: [String] = [], bodies: [String] = [], hashes: [String] = [], texts: [String] = []
        // PostgresNIO binds no arrays of optionals: "" stands for none, told apart by the has… flags.
        var types: [String] = [], lifecycles: [String] = [], multiValuedKeys: [String] = []
        var hasTypes: [Bool] = [], hasLifecycles: [Bool] = []
        var searchUIDs: [UUID] = [], searchKeys: [String] = [], searchValues: [String] = [], searchOriginals: [String] = []
        var relationUIDs: [UUID] = [], relationSources: [String] = [], relationTypes: [String] = []
        var relationTargets: [String] = [], relationTargetRefs: [String] = []
        for (item, uid, _) in chunk {
            var entity = item.entity
            let etag = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            entity.setMetadata("uid", .string(uid.uuidString.lowercased()))
            entity.setMetadata("etag", .string(etag))
            entity.body["relations"] = nil
            entity.body["status"] = nil
            uids.append(uid)
            refs.append(item.key)
            kinds.append(entity.kind.lowercased())
            namespaces.append(entity.namespace.lowercased())
            names.append(entity.name.lowercased())
            etags.append(etag)
            bodies.append(JSONValue.object(entity.body).canonicalText)
            hashes.append(item.contentHash)
            texts.append(item.searchText)
            let searchRows = item.searchRows
            let promoted = PromotedColumns.values(from: searchRows)
            types.append(promoted.type ?? "")
            hasTypes.append(promoted.type != nil)
            lifecycles.append(promoted.lifecycle ?? "")
            hasLifecycles.append(promoted.lifecycle != nil)
            multiValuedKeys.append(promoted.multiValuedKeys ?? "")
            for row in searchRows {
                searchUIDs.append(uid)
                searchKeys.append(row.key)
                searchValues.append(row.value)
                searchOriginals.append(row.originalValue)
            }
            for relation in Set(item.relations) {
                relationUIDs.append(uid)
                relationSources.append(relation.source.key)
                relationTypes.append(relation.type)
                relationTargets.append(relation.target.key)
                relationTargetRefs.append(relation.target.description)
            }
        }
        let sourceText = source.description
        let locationID = source.locationID
        try await connection.query("""
            INSERT INTO entities (uid, ref, kind, namespace, name, etag, body, content_hash, source, location_id, search_text, errors,
                                  spec_type, spec_lifecycle, multi_valued_keys)
            SELECT u, r, k, n, nm, et, b::jsonb, h, \(sourceText), \(locationID), t, NULL,
                   CASE WHEN hst THEN st END, CASE WHEN hsl THEN sl END, string_to_array(nullif(m, ''), ',')
            FROM unnest(\(uids)::uuid[], \(refs)::text[], \(kinds)::text[], \(namespaces)::text[], \(names)::text[],
                        \(etags)::text[], \(bodies)::text[], \(hashes)::text[], \(texts)::text[],
                        \(types)::text[], \(hasTypes)::bool[], \(lifecycles)::text[], \(hasLifecycles)::bool[],
                        \(multiValuedKeys)::text[]) AS x(u, r, k, n, nm, et, b, h, t, st, hst, sl, hsl, m)
            ON CONFLICT (uid) DO UPDATE SET
                kind = EXCLUDED.kind, namespace = EXCLUDED.namespace, name = EXCLUDED.name, etag = EXCLUDED.etag,
                body = EXCLUDED.body, content_hash = EXCLUDED.content_hash, search_text = EXCLUDED.search_text,
                spec_type = EXCLUDED.spec_type, spec_lifecycle = EXCLUDED.spec_lifecycle,
                multi_valued_keys = EXCLUDED.multi_valued_keys, errors = NULL, updated_at = now()
            """, logger: logger)
        try await connection.query("DELETE FROM search WHERE entity_uid = ANY(\(uids))", logger: logger)
        try await connection.query("DELETE FROM relations WHERE originating_uid = ANY(\(uids))", logger: logger)
        if !searchUIDs.isEmpty {
            try await connection.query("""
                INSERT INTO search (entity_uid, key, value, original_value)
                SELECT * FROM unnest(\(searchUIDs)::uuid[], \(searchKeys)::text[], \(searchValues)::text[], \(searchOriginals)::text[])
                """, logger: logger)
        }
        if !relationUIDs.isEmpty {
            try await connection.query("""
                INSERT INTO relations (originating_uid, source_key, type, target_key, target_ref)
                SELECT * FROM unnest(\(relationUIDs)::uuid[], \(relationSources)::text[], \(relationTypes)::text[],
                                     \(relationTargets)::text[], \(relationTargetRefs)::text[])
                """, logger: logger)
        }
    }

    /// Deletes this source's entities that are not in `keep` (a full replacement).
    func removeAll(of source: EntitySource, except keep: [String]) async throws -> Int {
        let rows = try await connection.query(
            "DELETE FROM entities WHERE source = \(source.description) AND ref <> ALL(\(keep)) RETURNING uid", logger: logger)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Deletes the given entities of this source; refs owned by others are left alone.
    func remove(_ keys: [String], of source: EntitySource) async throws -> Int {
        let rows = try await connection.query(
            "DELETE FROM entities WHERE source = \(source.description) AND ref = ANY(\(keys)) RETURNING uid", logger: logger)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    func count() async throws -> Int {
        let rows = try await connection.query("SELECT count(*) FROM entities", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension EntityWriter {
    /// Entities of `source` missing from `keep`: deleted, or kept and annotated
    /// `backstage.io/orphan: 'true'`, by the tenant's policy. Returns how many.
    func handleOrphans(of source: EntitySource, except keep: [String], delete: Bool) async throws -> Int {
        if delete { return try await removeAll(of: source, except: keep) }
        let rows = try await connection.query("""
            UPDATE entities SET
                body = jsonb_set(body, '{metadata,annotations}',
                                 coalesce(body->'metadata'->'annotations', '{}'::jsonb) || '{"backstage.io/orphan": "true"}'::jsonb),
                content_hash = 'orphan', etag = md5(random()::text), updated_at = now()
            WHERE source = \(source.description) AND ref <> ALL(\(keep))
              AND coalesce(body->'metadata'->'annotations'->>'backstage.io/orphan', '') <> 'true'
            RETURNING uid
            """, logger: logger)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Shows processing errors on entities whose new version was refused; their last good
    /// version stays live.
    func recordErrors(_ errors: [String: [LocationProblem]], source: EntitySource) async throws {
        for (key, problems) in errors {
            let items = problems.map { problem in
                ["type": "backstage.io/catalog-processing", "level": "error",
                 "message": "\(problem.field.map { "\($0) " } ?? "")\(problem.message)"]
            }
            let json = String(decoding: try JSONEncoder().encode(items), as: UTF8.self)
            try await connection.query(
                "UPDATE entities SET errors = \(json)::jsonb WHERE ref = \(key) AND source = \(source.description)", logger: logger)
        }
    }

    func clearErrors(_ keys: [String], source: EntitySource) async throws {
        try await connection.query("""
            UPDATE entities SET errors = NULL WHERE source = \(source.description) AND ref = ANY(\(keys)) AND errors IS NOT NULL
            """, logger: logger)
    }
}

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
    /// Read once the lock is held, so no key gains postings in the middle of a write.
    let postedKeys: PostedKeys

    static let chunkSize = 1_000

    private init(connection: PostgresConnection, logger: Logger, tenant: TenantID, postedKeys: PostedKeys) {
        self.connection = connection
        self.logger = logger
        self.tenant = tenant
        self.postedKeys = postedKeys
    }

    /// A writer holding the tenant's catalog write lock: catalog writes of one tenant are
    /// serialised, so limits, ownership checks, kept counts and postings see a stable state.
    static func locked(connection: PostgresConnection, logger: Logger, tenant: TenantID) async throws -> EntityWriter {
        try await connection.checkedQuery("SELECT pg_advisory_xact_lock(hashtext(\("catalog:" + tenant.description)))", logger: logger)
        return EntityWriter(connection: connection, logger: logger, tenant: tenant, postedKeys: try await PostedKeys.load(on: connection, logger: logger))
    }

    struct Existing {
        let uid: UUID
        let ordinal: Int64
        let source: String
        let contentHash: String
    }

    func existing(keys: [String]) async throws -> [String: Existing] {
        try await Self.existing(keys: keys, on: connection, logger: logger)
    }

    static func existing(keys: [String], on connection: PostgresConnection, logger: Logger) async throws -> [String: Existing] {
        var result: [String: Existing] = [:]
        for chunk in keys.chunked(into: 10_000) {
            let rows = try await connection.checkedQuery(
                "SELECT ref, uid, ordinal, source, content_hash FROM entities WHERE ref = ANY(\(chunk))", logger: logger)
            for try await (ref, uid, ordinal, source, hash) in rows.decode((String, UUID, Int64, String, String).self) {
                result[ref] = Existing(uid: uid, ordinal: ordinal, source: source, contentHash: hash)
            }
        }
        return result
    }

    /// Adds or updates `items` for `source`; returns what happened to each.
    func upsert(_ items: [ProcessedEntity], source: EntitySource, report: inout IngestionReport) async throws {
        let existing = try await existing(keys: items.map(\.key))
        var toWrite: [EntityWriteBatch.Item] = []
        let newCount = items.filter { existing[$0.key] == nil }.count
        var nextOrdinal = try await allocateOrdinals(newCount)
        for item in items {
            if let current = existing[item.key] {
                if current.source != source.description {
                    report.conflicts.append(.init(entityRef: item.entity.ref.description, ownedBy: current.source))
                } else if current.contentHash == item.contentHash {
                    report.unchanged += 1
                } else {
                    toWrite.append(.init(entity: item, uid: current.uid, ordinal: current.ordinal, isNew: false))
                }
            } else {
                toWrite.append(.init(entity: item, uid: UUID(), ordinal: nextOrdinal, isNew: true))
                nextOrdinal += 1
            }
        }
        // The next chunk's columns are built while the database writes the current one.
        let chunks = toWrite.chunked(into: Self.chunkSize)
        let posted = postedKeys
        var next = chunks.first.map { chunk in Task { EntityWriteBatch(chunk, postedKeys: posted) } }
        defer { next?.cancel() }
        // The batches' facet counts and postings are added once, after the last batch: upserted per
        // batch, each counted row got a new version a hundred times in a 100,000-entity push (a fifth
        // of the database's work). Subtractions stay per batch; they concern entities written before
        // this call (a call writes each ref once), so no count is subtracted before it was added.
        var counts = FacetCounts.Tally()
        var postings = FacetPostings.Changes()
        for index in chunks.indices {
            guard let batch = await next?.value else { break }
            next = index + 1 < chunks.count ? Task { [chunk = chunks[index + 1]] in EntityWriteBatch(chunk, postedKeys: posted) } : nil
            try await write(batch, source: source, postings: &postings)
            counts.add(batch.facetCounts)
            postings.add(batch.addedPostings)
        }
        try await addFacetCounts(counts.increments)
        try await applyPostings(postings)
        report.added += toWrite.filter(\.isNew).count
        report.updated += toWrite.filter { !$0.isNew }.count
    }

    /// Writes one batch; the postings of the entities it replaces are noted as removed in `postings`.
    private func write(_ batch: EntityWriteBatch, source: EntitySource, postings: inout FacetPostings.Changes) async throws {
        let sourceText = source.description
        let locationID = source.locationID
        // The time is bound, not `now()`: Citus refuses non-immutable calls in an upsert's update.
        let now = Date()
        // Before the entities are rewritten: their old counts are kept under their old kind and type.
        if !batch.replacedUIDs.isEmpty { try await retractKeptFacets(of: batch.replacedUIDs, into: &postings) }
        try await connection.checkedQuery("""
            INSERT INTO entities (uid, ordinal, ref, kind, namespace, name, etag, body, content_hash, source, location_id, search_text, errors,
                                  spec_type, spec_lifecycle, multi_valued_keys)
            SELECT u, o, r, k, n, nm, et, b::jsonb, h, \(sourceText), \(locationID), t, NULL,
                   CASE WHEN hst THEN st END, CASE WHEN hsl THEN sl END, string_to_array(nullif(m, ''), ',')
            FROM unnest(\(batch.uids)::uuid[], \(batch.ordinals)::int8[], \(batch.refs)::text[], \(batch.kinds)::text[], \(batch.namespaces)::text[],
                        \(batch.names)::text[], \(batch.etags)::text[], \(batch.bodies)::text[], \(batch.hashes)::text[],
                        \(batch.texts)::text[], \(batch.types)::text[], \(batch.hasTypes)::bool[], \(batch.lifecycles)::text[],
                        \(batch.hasLifecycles)::bool[], \(batch.multiValuedKeys)::text[]) AS x(u, o, r, k, n, nm, et, b, h, t, st, hst, sl, hsl, m)
            ON CONFLICT (uid) DO UPDATE SET
                kind = EXCLUDED.kind, namespace = EXCLUDED.namespace, name = EXCLUDED.name, etag = EXCLUDED.etag,
                body = EXCLUDED.body, content_hash = EXCLUDED.content_hash, search_text = EXCLUDED.search_text,
                spec_type = EXCLUDED.spec_type, spec_lifecycle = EXCLUDED.spec_lifecycle,
                multi_valued_keys = EXCLUDED.multi_valued_keys, errors = NULL, updated_at = \(now)
            """, logger: logger)
        if !batch.replacedUIDs.isEmpty {
            try await connection.checkedQuery("DELETE FROM search WHERE entity_uid = ANY(\(batch.replacedUIDs))", logger: logger)
            try await connection.checkedQuery("DELETE FROM relations WHERE originating_uid = ANY(\(batch.replacedUIDs))", logger: logger)
        }
        if !batch.searchUIDs.isEmpty {
            try await connection.checkedQuery("""
                INSERT INTO search (entity_uid, entity_ordinal, key, value, original_value)
                SELECT * FROM unnest(\(batch.searchUIDs)::uuid[], \(batch.searchOrdinals)::int8[], \(batch.searchKeys)::text[],
                                     \(batch.searchValues)::text[], \(batch.searchOriginals)::text[])
                """, logger: logger)
        }
        if !batch.relationUIDs.isEmpty {
            try await connection.checkedQuery("""
                INSERT INTO relations (originating_uid, source_key, source_ref, type, target_key, target_ref, reverse_type)
                SELECT * FROM unnest(\(batch.relationUIDs)::uuid[], \(batch.relationSources)::text[], \(batch.relationSourceRefs)::text[],
                                     \(batch.relationTypes)::text[], \(batch.relationTargets)::text[], \(batch.relationTargetRefs)::text[],
                                     \(batch.relationReverseTypes)::text[])
                """, logger: logger)
        }
    }

    /// Deletes the selected entities (their search and relation rows go with them) and takes
    /// them out of the kept facet counts and postings. Every deletion of entities goes through here.
    func delete(_ selection: EntitySelection) async throws -> Int {
        var builder = SQLBuilder()
        let condition = selection.condition(&builder)
        var uids: [UUID] = []
        for try await uid in try await connection.checkedQuery(builder.query("SELECT e.uid FROM entities e WHERE \(condition)"), logger: logger)
            .decode(UUID.self) {
            uids.append(uid)
        }
        for chunk in uids.chunked(into: 10_000) {
            var postings = FacetPostings.Changes()
            try await retractKeptFacets(of: chunk, into: &postings)
            try await applyPostings(postings)
            try await connection.checkedQuery("DELETE FROM entities WHERE uid = ANY(\(chunk))", logger: logger)
        }
        return uids.count
    }

    /// How many entities the tenant would have after `source` wrote `keys` and removed `removed`
    /// (`replacing`: everything else of `source` goes), counted before anything is written.
    /// Keys another source owns are not counted as new: they are reported as conflicts instead.
    /// The catalog's size comes from the kept counts (kept under the lock this writer holds), so a
    /// small write reads rows in proportion to itself, and a replacement to its source's entities,
    /// never to the catalog.
    func projectedCount(of source: EntitySource, writing keys: [String], removing removed: [String], replacing: Bool) async throws -> Int {
        let sourceText = source.description
        let rows = try await connection.checkedQuery("""
            SELECT
              (\(unescaped: FacetCounts.entityCountSQL))
            - (SELECT count(*) FROM entities
               WHERE source = \(sourceText) AND (\(replacing) OR (ref = ANY(\(removed)) AND ref <> ALL(\(keys)))))
            + (SELECT count(*) FROM unnest(\(keys)::text[]) AS k(ref)
               WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.ref = k.ref AND (e.source <> \(sourceText) OR NOT \(replacing))))
            """, logger: logger)
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
        if delete { return try await self.delete(.source(source, except: keep)) }
        // The new etags and the time come from here: Citus refuses volatile functions (`random()`)
        // in an UPDATE of a distributed table.
        let salt = UUID().uuidString
        let rows = try await connection.checkedQuery("""
            UPDATE entities SET
                body = jsonb_set(body, '{metadata,annotations}',
                                 coalesce(body->'metadata'->'annotations', '{}'::jsonb) || '{"backstage.io/orphan": "true"}'::jsonb),
                content_hash = 'orphan', etag = md5(uid::text || \(salt)), updated_at = \(Date())
            WHERE source = \(source.description) AND ref <> ALL(\(keep))
              AND coalesce(body->'metadata'->'annotations'->>'backstage.io/orphan', '') <> 'true'
            RETURNING uid
            """, logger: logger)
        var uids: [UUID] = []
        for try await uid in rows.decode(UUID.self) { uids.append(uid) }
        // The annotation is filterable like any other (`metadata.annotations.backstage.io/orphan=true`),
        // and has postings once the tenant's filters made it a posted key.
        if !uids.isEmpty {
            let key = "metadata.annotations.backstage.io/orphan"
            var postings = FacetPostings.Changes()
            for try await ordinal in try await connection.checkedQuery("""
                INSERT INTO search (entity_uid, entity_ordinal, key, value, original_value)
                SELECT uid, ordinal, \(key), 'true', 'true' FROM entities WHERE uid = ANY(\(uids))
                RETURNING entity_ordinal
                """, logger: logger).decode(Int64.self) where postedKeys.contains(key) {
                postings.add(key: key, originalValue: "true", ordinal: ordinal)
            }
            try await applyPostings(postings)
        }
        return uids.count
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
            try await connection.checkedQuery(
                "UPDATE entities SET errors = \(json)::jsonb WHERE ref = \(key) AND source = \(source.description)", logger: logger)
        }
    }

    func clearErrors(_ keys: [String], source: EntitySource) async throws {
        try await connection.checkedQuery("""
            UPDATE entities SET errors = NULL WHERE source = \(source.description) AND ref = ANY(\(keys)) AND errors IS NOT NULL
            """, logger: logger)
    }
}

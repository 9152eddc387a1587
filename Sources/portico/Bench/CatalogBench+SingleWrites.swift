import AsyncHTTPClient
import Foundation
import NIOCore
import PorticoCore

/// Writes of one entity at a time, as a tool that syncs changes pushes them: the cost of a write
/// must follow its size, not the catalog's.
extension CatalogBench {
    /// `requests` new entities, each a copy of the shape's first entity under a name of its own,
    /// pushed one per delta; the floor writes the same rows (the entity and its search rows) by
    /// hand and rolls them back.
    func measureSingleDeltas(client: HTTPClient, tenant: TenantContext, key: String, label: String, template: JSONValue) async throws {
        guard case .object(var entity) = template, case .object(var metadata) = entity["metadata"], case .string(let name)? = metadata["name"] else {
            throw BenchFailure("the shape's first entity has no metadata.name")
        }
        let copied = "component:default/\(name)"
        let encoder = JSONEncoder()
        var written = 0
        try await compare("\(label)delta of one new entity, one request at a time", goal: "—") {
            written += 1
            metadata["name"] = .string("delta-\(written)")
            entity["metadata"] = .object(metadata)
            let body = try encoder.encode(["added": [JSONValue.object(entity)]])
            try await send(client, "/api/catalog/providers/bench-delta/delta", key: key, body: ByteBuffer(bytes: body))
        } floor: {
            try await sqlRolledBack(tenant, """
                WITH copied AS (
                    INSERT INTO entities (uid, ordinal, ref, kind, namespace, name, etag, body, content_hash, source, search_text,
                                          spec_type, spec_lifecycle)
                    SELECT gen_random_uuid(), ordinal + 1000000000, ref || '-floor', kind, namespace, name || '-floor', etag, body,
                           content_hash, 'provider:bench-floor', search_text, spec_type, spec_lifecycle
                    FROM entities WHERE ref = '\(copied)'
                    RETURNING uid, ordinal
                )
                INSERT INTO search (entity_uid, entity_ordinal, key, value, original_value)
                SELECT copied.uid, copied.ordinal, s.key, s.value, s.original_value
                FROM copied, search s WHERE s.entity_uid = (SELECT uid FROM entities WHERE ref = '\(copied)')
                """)
        }
    }
}

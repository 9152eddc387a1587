import PostgresNIO

extension EntityReader {
    /// The JSON of entities read with `projection`, with their relations added when it asks for
    /// them: both directions of the rows stored once (those each entity is the source of, and
    /// those it is the target of, read backwards), for all of `refs` in one statement.
    func withRelations(_ json: [String], of refs: [String], _ projection: EntitySQL.Projection) async throws -> [String] {
        guard projection.addsRelations, !json.isEmpty else { return json }
        var relations: [String: EntityRelationsJSON] = [:]
        let keys = Array(Set(refs))
        for try await (key, type, targetRef) in try await connection.checkedQuery("""
            SELECT source_key, type, target_ref FROM relations WHERE source_key = ANY(\(keys))
            UNION ALL
            SELECT target_key, reverse_type, source_ref FROM relations WHERE target_key = ANY(\(keys))
            """, logger: logger).decode((String, String, String).self) {
            relations[key, default: EntityRelationsJSON()].append(type: type, targetRef: targetRef)
        }
        return zip(json, refs).map { json, ref in
            EntityRelationsJSON.adding(relations[ref]?.text ?? EntityRelationsJSON.none, to: json)
        }
    }
}

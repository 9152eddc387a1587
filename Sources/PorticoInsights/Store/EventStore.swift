import Foundation
import Logging
import PostgresNIO
import PorticoStore

/// Writes accepted events in one statement per batch (arrays bound once, not a row per round
/// trip), and tells retries from id reuse for the events the primary key refused.
struct EventStore {
    let connection: PostgresConnection
    let logger: Logger

    struct Row {
        let event: ValidEvent
        let userKey: String
    }

    /// Inserts `rows` (their keys distinct); returns the keys the primary key refused, with the
    /// fingerprint stored under each (nil when the statement could not see it: an event another
    /// transaction stored meanwhile, see `fingerprints(of:)`). Only refused keys come back, so a
    /// batch of new events answers no rows. Empty strings and NaN stand for SQL NULL in the bound
    /// arrays (PostgresNIO binds no optional array elements). Rows go in key order, so two
    /// batches sharing events wait for each other instead of deadlocking. It must be the first
    /// write of its transaction: the rollup's horizon relies on it (`EventRollup.horizon(of:)`).
    func insert(_ rows: [Row]) async throws -> [UUID: Int64?] {
        guard !rows.isEmpty else { return [:] }
        let keys = rows.map(\.event.key)
        let fingerprints = rows.map(\.event.fingerprint)
        let occurred = rows.map(\.event.occurredAt)
        let users = rows.map(\.userKey)
        let actions = rows.map(\.event.action)
        let subjects = rows.map(\.event.subject)
        let values = rows.map { $0.event.value ?? .nan }
        let plugins = rows.map(\.event.pluginId)
        let routes = rows.map { $0.event.routeRef ?? "" }
        let entities = rows.map { $0.event.entityRef ?? "" }
        let extensions = rows.map { $0.event.extension ?? "" }
        let attributes = rows.map { $0.event.attributes ?? "" }
        let contexts = rows.map { $0.event.context ?? "" }
        // The outer query reads the table as it was before the insert: a refused key's row is
        // there unless a transaction that committed meanwhile wrote it.
        let refused = try await connection.checkedQuery("""
            WITH batch AS (
                SELECT * FROM unnest(\(keys)::uuid[], \(fingerprints)::int8[], \(occurred)::timestamptz[], \(users)::text[],
                                     \(actions)::text[], \(subjects)::text[], \(values)::float8[], \(plugins)::text[], \(routes)::text[],
                                     \(entities)::text[], \(extensions)::text[], \(attributes)::text[], \(contexts)::text[])
                     AS t(k, f, o, u, a, s, v, p, r, e, x, at, c)
            ), inserted AS (
                INSERT INTO insights_events (event_key, fingerprint, occurred_at, user_key, action, subject, value, plugin_id,
                                             route_ref, entity_ref, extension, attributes, context)
                SELECT k, f, o, u, a, s, nullif(v, 'NaN'::float8), p, nullif(r, ''), nullif(e, ''), nullif(x, ''),
                       nullif(at, '')::jsonb, nullif(c, '')::jsonb
                FROM batch
                ORDER BY k
                ON CONFLICT (event_key) DO NOTHING
                RETURNING event_key
            )
            SELECT refused.k, (SELECT fingerprint FROM insights_events WHERE event_key = refused.k)
            FROM (SELECT k FROM batch EXCEPT ALL SELECT event_key FROM inserted) AS refused(k)
            """, logger: logger)
        var stored: [UUID: Int64?] = [:]
        for try await (key, fingerprint) in refused.decode((UUID, Int64?).self) { stored[key] = fingerprint }
        return stored
    }

    /// The stored fingerprints of `keys`.
    func fingerprints(of keys: [UUID]) async throws -> [UUID: Int64] {
        guard !keys.isEmpty else { return [:] }
        var stored: [UUID: Int64] = [:]
        let rows = try await connection.checkedQuery(
            "SELECT event_key, fingerprint FROM insights_events WHERE event_key = ANY(\(keys))", logger: logger)
        for try await (key, fingerprint) in rows.decode((UUID, Int64).self) { stored[key] = fingerprint }
        return stored
    }
}

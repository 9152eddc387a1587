import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Stores pushed cost rows under the entity their tag names, all of a request or none. A row is
/// identified by (period, resource, service): pushed again it replaces itself, also when its tag
/// now names another entity (the `~cost-keys` rows remember where each one went).
struct CostIngestion: Sendable {
    let database: Database
    let catalog: any CatalogKnowledge
    let settings: SignalsSettingsStore

    static let batchSize = 2_000

    struct Outcome: Encodable {
        struct Unmapped: Encodable {
            let rows: Int
            /// Effective cost per currency.
            let amounts: [String: Double]
            /// Up to 20 tag values that named no entity (empty string: the row had no such tag).
            let values: [String]
        }

        let accepted: Int
        let mapped: Int
        let costEntityTag: String
        let unmapped: Unmapped
    }

    func ingest(_ rows: [CostRow], tenant: TenantID) async throws -> Outcome {
        let tag = try await settings.settings(for: tenant).costEntityTag
        var scopes: [String: String] = [:]
        var unmappedValues: [String] = []
        for value in Set(rows.map { $0.tags[tag] ?? "" }) {
            if let ref = Self.entityRef(value), let entity = try await catalog.entity(ref, tenant: tenant) {
                scopes[value] = SignalScope.entity(entity.uid)
            } else {
                unmappedValues.append(value)
            }
        }
        // The last of rows sharing an identity wins, as a later push would.
        var unique: [String: (CostRow, String)] = [:]
        for row in rows {
            unique[row.periodStart.formatted(.iso8601) + SignalKey.separator + row.key] = (row, scopes[row.tags[tag] ?? ""] ?? SignalScope.unmapped)
        }
        let entries = Array(unique.values)
        let logger = database.logger
        try await database.withTenantTransaction(tenant) { connection in
            var start = 0
            while start < entries.count {
                try await Self.store(entries[start..<min(start + Self.batchSize, entries.count)], on: connection, logger: logger)
                start += Self.batchSize
            }
        }
        var amounts: [String: Double] = [:]
        var unmappedRows = 0
        for (row, scope) in entries where scope == SignalScope.unmapped {
            unmappedRows += 1
            amounts[row.currency, default: 0] += Double(row.effectiveCost) ?? 0
        }
        return Outcome(
            accepted: entries.count, mapped: entries.count - unmappedRows, costEntityTag: tag,
            unmapped: .init(rows: unmappedRows, amounts: amounts, values: Array(unmappedValues.sorted().prefix(20))))
    }

    /// A tag value as an entity ref: `kind:namespace/name`, `kind:name`, or a bare name of a Component.
    static func entityRef(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty, trimmed.count <= 255 else { return nil }
        let (kind, rest) = trimmed.contains(":")
            ? (String(trimmed.prefix { $0 != ":" }), String(trimmed.drop { $0 != ":" }.dropFirst()))
            : ("component", trimmed)
        let (namespace, name) = rest.contains("/")
            ? (String(rest.prefix { $0 != "/" }), String(rest.drop { $0 != "/" }.dropFirst()))
            : ("default", rest)
        guard !kind.isEmpty, !namespace.isEmpty, !name.isEmpty else { return nil }
        return "\(kind):\(namespace)/\(name)"
    }

    private static func store(_ entries: ArraySlice<(CostRow, String)>, on connection: PostgresConnection, logger: Logger) async throws {
        let ats = entries.map(\.0.periodStart)
        let keys = entries.map(\.0.key)
        let scopes = entries.map(\.1)
        let bodies = try entries.map { row, _ in try body(row) }
        // Rows stored before under another scope (the tag changed) leave it.
        try await connection.execute("""
            DELETE FROM signals d
            USING unnest(\(ats)::timestamptz[], \(keys)::text[], \(scopes)::text[]) AS t(at, key, scope),
                  signals k
            WHERE k.scope = \(SignalScope.costKeys) AND k.part = \(SignalPart.costKey.rawValue) AND k.at = t.at AND k.key = t.key
              AND k.body->>'scope' <> t.scope
              AND d.scope = k.body->>'scope' AND d.part = \(SignalPart.cost.rawValue) AND d.at = t.at AND d.key = t.key
            """, logger: logger)
        try await connection.execute("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT \(SignalScope.costKeys), \(SignalPart.costKey.rawValue), at, key, jsonb_build_object('scope', scope)
            FROM unnest(\(ats)::timestamptz[], \(keys)::text[], \(scopes)::text[]) AS t(at, key, scope)
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
            """, logger: logger)
        try await connection.execute("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT scope, \(SignalPart.cost.rawValue), at, key, body::jsonb
            FROM unnest(\(ats)::timestamptz[], \(keys)::text[], \(scopes)::text[], \(bodies)::text[]) AS t(at, key, scope, body)
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
            """, logger: logger)
    }

    /// Amounts go in as JSON numbers from the checked decimal text, so they stay exact.
    private static func body(_ row: CostRow) throws -> String {
        var object: [String: JSONValue] = [
            "service": .string(row.service), "resource": .string(row.resource), "currency": .string(row.currency),
            "periodEnd": .string(row.periodEnd.formatted(.iso8601)),
        ]
        object["tags"] = .object(row.tags.mapValues { .string($0) })
        let text = String(decoding: try JSONEncoder().encode(JSONValue.object(object)), as: UTF8.self)
        return String(text.dropLast()) + #","billedCost":\#(row.billedCost),"effectiveCost":\#(row.effectiveCost)}"#
    }
}

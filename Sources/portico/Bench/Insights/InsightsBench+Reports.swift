import AsyncHTTPClient
import Foundation
import PorticoCore
import PostgresNIO

/// Every report over loopback HTTP against the raw-SQL scan it replaces, over the whole five weeks.
extension InsightsBench {
    static let reportGoalMilliseconds = 100.0

    func measureReports(shape: InsightsShape, of tenant: InsightsTenant, client: HTTPClient) async throws {
        let schema = tenant.context.id.schemaName.quoted
        try await runtime.database.query(PostgresQuery(unsafeSQL:
            "VACUUM (ANALYZE) \(schema).insights_events, \(schema).insights_rollups, \(schema).insights_users"))
        let now = Date().timeIntervalSince1970
        let from = Timestamps.day(of: now - Self.fiveWeeks + 86_400), to = Timestamps.day(of: now), end = Timestamps.day(of: now + 86_400)
        let floors = InsightsReportFloors(start: "'\(from) 00:00:00+00'", end: "'\(end) 00:00:00+00'")
        let range = "from=\(from)&to=\(to)"
        let people = InsightsPeople(shape: shape)
        let department = 0, departmentRef = InsightsPeople.departmentRef(department)
        let members = people.members(ofDepartment: department)
        let audience = "'{\(members.map { tenant.userKeys[$0] }.joined(separator: ","))}'::text[]"
        let group = "&group=\(departmentRef)"
        let groupLabel = "group=dept-0 (\(members.count) users)"

        for grouping in ["day", "week", "month"] {
            try await compareReport(shape, "active-users grouping=\(grouping)", "/api/insights/active-users?\(range)&grouping=\(grouping)",
                                    floors.activeUsers(grouping: grouping, audience: nil), tenant: tenant, client: client)
        }
        try await compareReport(shape, "active-users grouping=week \(groupLabel)", "/api/insights/active-users?\(range)&grouping=week\(group)",
                                floors.activeUsers(grouping: "week", audience: audience), tenant: tenant, client: client)
        for dimension in ["plugins", "pages", "entities", "tabs", "searches", "zero-result-searches", "templates", "docs", "not-found", "discoveries"] {
            try await compareReport(shape, "top \(dimension)", "/api/insights/top?dimension=\(dimension)&\(range)&limit=10",
                                    floors.top(dimension, limit: 10, audience: nil), tenant: tenant, client: client)
            try await compareReport(shape, "top \(dimension) \(groupLabel)", "/api/insights/top?dimension=\(dimension)&\(range)&limit=10\(group)",
                                    floors.top(dimension, limit: 10, audience: audience), tenant: tenant, client: client)
        }
        try await compareReport(shape, "top entities kind=api", "/api/insights/top?dimension=entities&\(range)&limit=10&kind=api",
                                [floors.top("entities", limit: 10, audience: nil)[0].replacingOccurrences(of: "IS NOT NULL", with: "LIKE 'api:%'")],
                                tenant: tenant, client: client)
        let keys = (0..<shape.users).map { tenant.userKeys[$0] }, teams = (0..<shape.users).map { people.teamRef(people.team(of: $0)) }
        let unnest = "unnest('{\(keys.joined(separator: ","))}'::text[], '{\(teams.joined(separator: ","))}'::text[])"
        try await compareReport(shape, "teams", "/api/insights/teams?\(range)", floors.teams(members: unnest), tenant: tenant, client: client)
        try await compareReport(shape, "retention", "/api/insights/retention?\(range)", floors.retention(audience: nil), tenant: tenant, client: client)
        try await compareReport(shape, "retention \(groupLabel)", "/api/insights/retention?\(range)\(group)",
                                floors.retention(audience: audience), tenant: tenant, client: client)
    }

    /// Times the report `requests` times over HTTP and its floor `floorRuns` times, and prints both.
    private func compareReport(
        _ shape: InsightsShape, _ label: String, _ path: String, _ floor: [String], tenant: InsightsTenant, client: HTTPClient
    ) async throws {
        var api = LatencySample(), raw = LatencySample()
        for _ in 0..<3 { try await get(client, path, key: tenant.key) }
        for _ in 0..<sizes.requests { try await api.measure { try await get(client, path, key: tenant.key) } }
        for _ in 0..<sizes.floorRuns { try await raw.measure { try await sql(tenant.context, floor) } }
        report(String(format: "%@ report %@: API p50 %.1f ms p95 %.1f ms p99 %.1f ms | raw SQL over events p50 %.0f ms | API/SQL p50 %.3f | goal p95 ≤ %.0f ms: %@",
                      shape.label, label, api.p50, api.p95, api.p99, raw.p50, api.p50 / max(raw.p50, 0.001), Self.reportGoalMilliseconds,
                      api.p95 <= Self.reportGoalMilliseconds ? "met" : "MISSED"))
    }

    /// Bytes on disk per stored event, and the rollups beside them.
    func measureSizes(shape: InsightsShape, of tenant: InsightsTenant) async throws {
        let schema = tenant.context.id.schemaName.name
        let rows = try await runtime.database.query(PostgresQuery(unsafeSQL: """
            SELECT c.relname::text, pg_relation_size(c.oid), pg_indexes_size(c.oid),
                   coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0), pg_total_relation_size(c.oid), c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '\(schema)' AND c.relname IN ('insights_events', 'insights_rollups', 'insights_users')
            ORDER BY c.relname
            """))
        var sizes: [String: (heap: Int64, indexes: Int64, toast: Int64, total: Int64, rows: Int64)] = [:]
        for try await (name, heap, indexes, toast, total, count) in rows.decode((String, Int64, Int64, Int64, Int64, Int64).self) {
            sizes[name] = (heap, indexes, toast, total, count)
        }
        guard let events = sizes["insights_events"], let rollups = sizes["insights_rollups"], let users = sizes["insights_users"] else { return }
        let perEvent = { (bytes: Int64) in Double(bytes) / Double(max(events.rows, 1)) }
        let megabytes = { (bytes: Int64) in Double(bytes) / 1_048_576 }
        report(String(format: "%@ bytes on disk per stored event: %.0f B (heap %.0f, indexes %.0f, TOAST %.0f) over %lld events = %.0f MB",
                      shape.label, perEvent(events.total), perEvent(events.heap), perEvent(events.indexes), perEvent(events.toast), events.rows,
                      megabytes(events.total)))
        report(String(format: "%@ rollups: %lld rows, %.0f MB (%.0f B per event; heap %.0f MB, indexes %.0f MB) | users: %lld rows, %.1f MB",
                      shape.label, rollups.rows, megabytes(rollups.total), perEvent(rollups.total), megabytes(rollups.heap), megabytes(rollups.indexes),
                      users.rows, megabytes(users.total)))
    }
}

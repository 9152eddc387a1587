import PorticoCore
import PorticoStore
import PostgresNIO

/// The tenant's users and teams as the catalog holds them, for other modules (Insights slices its
/// reports by team through it). A membership is stored once, by whichever side declared it: a
/// user's `memberOf` or a group's `hasMember`; a sub-group by its `childOf` or its parent's
/// `parentOf`. Both sides are read.
public struct CatalogPeopleDirectory: PeopleDirectory {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func members(of group: String, tenant: TenantID) async throws -> [String]? {
        try await database.withTenantTransaction(tenant) { connection in
            var exists = false
            for try await _ in try await connection.checkedQuery(
                "SELECT 1 FROM entities WHERE ref = \(group) AND kind = 'group'", logger: database.logger) {
                exists = true
            }
            guard exists else { return nil }
            var members: [String] = []
            let rows = try await connection.checkedQuery("""
                WITH RECURSIVE subtree(ref) AS (
                    SELECT \(group)::text
                    UNION
                    SELECT CASE WHEN r.type = 'childOf' THEN r.source_key ELSE r.target_key END
                    FROM subtree s
                    JOIN relations r ON (r.target_key = s.ref AND r.type = 'childOf')
                                     OR (r.source_key = s.ref AND r.reverse_type = 'childOf')
                )
                SELECT r.source_key FROM relations r JOIN subtree s ON r.target_key = s.ref
                WHERE r.type = 'memberOf' AND r.source_key LIKE 'user:%'
                UNION
                SELECT r.target_key FROM relations r JOIN subtree s ON r.source_key = s.ref
                WHERE r.reverse_type = 'memberOf' AND r.target_key LIKE 'user:%'
                """, logger: database.logger)
            for try await user in rows.decode(String.self) { members.append(user) }
            return members
        }
    }

    public func groupTree(of group: String, tenant: TenantID) async throws -> [String]? {
        try await database.withTenantTransaction(tenant) { connection in
            var groups: [String] = []
            let rows = try await connection.checkedQuery("""
                WITH RECURSIVE subtree(ref) AS (
                    SELECT ref FROM entities WHERE ref = \(group) AND kind = 'group'
                    UNION
                    SELECT CASE WHEN r.type = 'childOf' THEN r.source_key ELSE r.target_key END
                    FROM subtree s
                    JOIN relations r ON (r.target_key = s.ref AND r.type = 'childOf')
                                     OR (r.source_key = s.ref AND r.reverse_type = 'childOf')
                )
                SELECT ref FROM subtree
                """, logger: database.logger)
            for try await ref in rows.decode(String.self) { groups.append(ref) }
            return groups.isEmpty ? nil : groups
        }
    }

    public func memberships(tenant: TenantID) async throws -> [GroupMembership] {
        try await database.withTenantTransaction(tenant) { connection in
            var memberships: [GroupMembership] = []
            let rows = try await connection.checkedQuery("""
                SELECT source_key, target_key FROM relations WHERE type = 'memberOf' AND source_key LIKE 'user:%'
                UNION
                SELECT target_key, source_key FROM relations WHERE reverse_type = 'memberOf' AND target_key LIKE 'user:%'
                """, logger: database.logger)
            for try await (user, group) in rows.decode((String, String).self) {
                memberships.append(GroupMembership(user: user, group: group))
            }
            return memberships
        }
    }

    public func userCount(tenant: TenantID) async throws -> Int {
        try await database.withTenantTransaction(tenant) { connection in
            var count = 0
            for try await value in try await connection.checkedQuery(
                "SELECT count(*)::int FROM entities WHERE kind = 'user'", logger: database.logger).decode(Int.self) {
                count = value
            }
            return count
        }
    }
}

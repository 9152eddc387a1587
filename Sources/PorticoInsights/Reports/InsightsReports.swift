import Foundation
import PorticoCore
import PorticoStore

/// Builds the reports of one tenant from its rollups and its catalog's people.
struct InsightsReports: Sendable {
    let database: Database
    let people: CachedPeople
    let settings: InsightsSettingsStore

    func activeUsers(
        for tenant: TenantID, range: ReportRange, grouping: ReportGrouping, group: String?
    ) async throws -> ActiveUsersReport {
        let tenantSettings = try await settings.settings(for: tenant)
        let audience = try await ReportAudience.resolve(group: group, tenant: tenant, people: people, settings: tenantSettings)
        let keys = audience.userKeys
        let (active, new, total) = try await database.withTenantTransaction(tenant) { connection in
            let reader = ReportReader(connection: connection, logger: database.logger)
            let members = try await reader.members(keys)
            return (try await reader.activeUsers(in: range, grouping: grouping, audience: members),
                    try await reader.newUsers(in: range, grouping: grouping, audience: members),
                    try await reader.totalActiveUsers(in: range, audience: members))
        }
        let series = grouping.buckets(in: range).map { start in
            let activeUsers = active[start] ?? 0, newUsers = new[start] ?? 0
            return ActiveUsersReport.Point(
                start: grouping.label(start), activeUsers: activeUsers, newUsers: newUsers,
                returningUsers: max(0, activeUsers - newUsers))
        }
        let population: Int
        switch audience {
        case .everyone:
            if let seats = tenantSettings.licensedSeats { population = seats } else { population = try await people.userCount(tenant: tenant) }
        case .members(_, let members): population = members.count
        }
        return ActiveUsersReport(
            grouping: grouping.rawValue, from: range.first.description, to: range.last.description, series: series,
            totalActiveUsers: total,
            adoption: .init(activeUsers: total, totalUsers: population, rate: population == 0 ? 0 : Double(total) / Double(population)))
    }

    func top(
        for tenant: TenantID, dimension: InsightsDimension, range: ReportRange, limit: Int, kind: String?, group: String?
    ) async throws -> TopReport {
        let tenantSettings = try await settings.settings(for: tenant)
        let audience = try await ReportAudience.resolve(group: group, tenant: tenant, people: people, settings: tenantSettings)
        let prefix = kind.map { $0.lowercased() + ":" }
        let keys = audience.userKeys
        let counts = try await database.withTenantTransaction(tenant) { connection in
            let reader = ReportReader(connection: connection, logger: database.logger)
            return try await reader.top(dimension, in: range, limit: limit, keyPrefix: prefix, audience: try await reader.members(keys))
        }
        let items = counts.map { count in
            TopReport.Item(
                key: count.key, events: count.events, users: count.users, value: count.valueSum,
                averageValue: count.valueCount == 0 ? nil : count.valueSum / Double(count.valueCount))
        }
        return TopReport(dimension: dimension.name ?? "", from: range.first.description, to: range.last.description, items: items)
    }

    /// Every group with members in the catalog, its members' activity in the range, most active first.
    func teams(for tenant: TenantID, range: ReportRange) async throws -> TeamsReport {
        let tenantSettings = try await settings.settings(for: tenant)
        let memberships = try await people.memberships(tenant: tenant)
        let userKeys = memberships.map { tenantSettings.userKey(for: $0.user) }
        let groups = memberships.map(\.group)
        let activity = try await database.withTenantTransaction(tenant) { connection in
            try await ReportReader(connection: connection, logger: database.logger).teams(in: range, userKeys: userKeys, groups: groups)
        }
        let members = Dictionary(grouping: memberships, by: \.group).mapValues { Set($0.map(\.user)).count }
        let items = members.map { group, count in
            TeamsReport.Item(
                group: group, activeUsers: activity[group]?.activeUsers ?? 0, events: activity[group]?.events ?? 0, members: count)
        }.sorted { ($0.activeUsers, $0.events, $1.group) > ($1.activeUsers, $1.events, $0.group) }
        return TeamsReport(from: range.first.description, to: range.last.description, items: items)
    }

    func retention(for tenant: TenantID, range: ReportRange, group: String?) async throws -> RetentionReport {
        let tenantSettings = try await settings.settings(for: tenant)
        let audience = try await ReportAudience.resolve(group: group, tenant: tenant, people: people, settings: tenantSettings)
        let keys = audience.userKeys
        let cells = try await database.withTenantTransaction(tenant) { connection in
            try await ReportReader(connection: connection, logger: database.logger).cohorts(in: range, audience: keys)
        }
        let lastWeek = range.last.startOfWeek
        let cohorts = Dictionary(grouping: cells, by: \.week).map { week, cells in
            let weeks = (lastWeek.number - UTCDay(week).number) / 7 + 1
            var retained = Array(repeating: 0, count: max(weeks, 1))
            for cell in cells where cell.offset >= 0 && cell.offset < retained.count { retained[cell.offset] = cell.users }
            return RetentionReport.Cohort(week: UTCDay(week).description, users: retained[0], retained: retained)
        }.sorted { $0.week < $1.week }
        return RetentionReport(from: range.first.description, to: range.last.description, cohorts: cohorts)
    }
}

import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Reports by team: the catalog's groups and memberships (pushed as User and Group entities) slice
/// a generated month of events; `/api/insights/teams` counts direct members, `group=` takes a group
/// and its sub-groups.
@Suite struct InsightsTeamsTests {
    /// eng (department) ⊃ team-a, team-b; team-c apart. u00–u09 in team-a (u05 also in team-c),
    /// u10–u19 in team-b, u20–u24 in team-c, u25–u29 in no group; idle0–idle3 in team-c, never active.
    static var people: [[String: Any]] {
        var entities: [[String: Any]] = [
            PeopleEntities.group("eng", children: ["team-a", "team-b"]),
            PeopleEntities.group("team-a", parent: "eng"),
            PeopleEntities.group("team-b", parent: "eng"),
            PeopleEntities.group("team-c"),
        ]
        for number in 0..<30 {
            let groups: [String] = switch number {
            case 5: ["team-a", "team-c"]
            case 0..<10: ["team-a"]
            case 10..<20: ["team-b"]
            case 20..<25: ["group:default/team-c"]
            default: []
            }
            entities.append(PeopleEntities.user(String(format: "u%02d", number), memberOf: groups))
        }
        entities += (0..<4).map { PeopleEntities.user("idle\($0)", memberOf: ["team-c"]) }
        return entities
    }

    static var memberships: [(user: String, group: String)] {
        var rows: [(String, String)] = []
        for number in 0..<25 {
            let user = EventGenerator.user(number)
            if number < 10 { rows.append((user, "group:default/team-a")) }
            if number >= 10 && number < 20 { rows.append((user, "group:default/team-b")) }
            if number == 5 || (20..<25).contains(number) { rows.append((user, "group:default/team-c")) }
        }
        rows += (0..<4).map { ("user:default/idle\($0)", "group:default/team-c") }
        return rows
    }

    @Test func teamsAndGroupFiltersCountExactly() async throws {
        let events = EventGenerator.month(seed: 99)
        let expected = InsightsExpectations(events: events)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "team")
            try await LiveServer.with(runtime) { client in
                try await client.pushPeople(Self.people, token: tenant.apiKey)
                try await client.postAll(events, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)
                let today = UTC.today, from = UTC.days(-34, from: today)
                let range = "from=\(UTC.label(from))&to=\(UTC.label(today))"

                // Every group with direct members, most active first; eng has none of its own.
                let teams = try await client.report("/api/insights/teams?\(range)", token: tenant.apiKey)
                let got = ReportJSON.teams(teams)
                let want = expected.teams(from: from, to: today, memberships: Self.memberships)
                #expect(Dictionary(uniqueKeysWithValues: got.map { ($0.group, $0.team) }) == want)
                #expect(want["group:default/team-c"]?.members == 10)
                let order = got.map { ($0.team.activeUsers, $0.team.events) }
                #expect(zip(order, order.dropFirst()).allSatisfy { $0 >= $1 }, "most active first: \(order)")

                // A narrower range counts only its days.
                let week = (UTC.days(-13, from: today), UTC.days(-7, from: today))
                let narrow = try await client.report(
                    "/api/insights/teams?from=\(UTC.label(week.0))&to=\(UTC.label(week.1))", token: tenant.apiKey)
                #expect(Dictionary(uniqueKeysWithValues: ReportJSON.teams(narrow).map { ($0.group, $0.team) })
                    == expected.teams(from: week.0, to: week.1, memberships: Self.memberships))

                // group=: the group's members and its sub-groups' members, in every report.
                let audiences: [(parameter: String, users: Set<String>, members: Int)] = [
                    ("eng", Set((0..<20).map(EventGenerator.user)), 20),
                    ("group:default/team-a", Set((0..<10).map(EventGenerator.user)), 10),
                    ("default/team-c", Set(([5] + Array(20..<25)).map(EventGenerator.user)), 10),
                ]
                for (parameter, users, members) in audiences {
                    let group = parameter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    for grouping in ["day", "week", "month"] {
                        let json = try await client.report(
                            "/api/insights/active-users?\(range)&grouping=\(grouping)&group=\(group)", token: tenant.apiKey)
                        #expect(ReportJSON.series(json) == expected.activeUsers(from: from, to: today, grouping: grouping, users: users),
                                "\(parameter) \(grouping)")
                        let total = expected.totalActiveUsers(from: from, to: today, users: users)
                        #expect(json["totalActiveUsers"] as? Int == total)
                        let adoption = json["adoption"] as? [String: Any]
                        #expect(adoption?["totalUsers"] as? Int == members, "\(parameter): adoption among the group's members")
                        #expect((adoption?["rate"] as? NSNumber)?.doubleValue == Double(total) / Double(members))
                    }
                    for dimension in ["plugins", "searches", "templates", "entities"] {
                        let json = try await client.report(
                            "/api/insights/top?dimension=\(dimension)&\(range)&limit=100&group=\(group)", token: tenant.apiKey)
                        let want = expected.top(dimension, from: from, to: today, users: users)
                        #expect(Set(ReportJSON.items(json).map(\.key)) == Set(want.keys), "\(parameter) \(dimension)")
                        expectTop(json, want, limit: 100, "\(parameter) \(dimension)")
                    }
                    let retention = try await client.report("/api/insights/retention?\(range)&group=\(group)", token: tenant.apiKey)
                    #expect(ReportJSON.cohorts(retention) == expected.retention(from: from, to: today, users: users), "\(parameter) retention")
                }

                // Teams as CSV.
                let csv = try await client.call(.get, "/api/insights/teams?\(range)&format=csv", token: tenant.apiKey)
                let lines = String(buffer: csv.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.first == "group,activeUsers,events,members")
                #expect(Set(lines.dropFirst()) == Set(want.map { "\($0.key),\($0.value.activeUsers),\($0.value.events),\($0.value.members)" }))
            }
        }
    }
}

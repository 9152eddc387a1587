import Foundation
import Testing
@testable import PorticoApp
@testable import PorticoInsights

/// Many rollup runs over the same users, days and keys add up exactly: every run appends per-user
/// rows for the same keys and upserts the same all-users rows and weekly and monthly totals again,
/// and top lists over ranges of whole weeks and odd days, for everyone and for a group (which reads
/// its members' per-user rows), count every event once — whether those rows were never merged,
/// merged every few runs while the next run folds beside the merge, or merged once at the end.
@Suite struct InsightsRepeatedRollupTests {
    /// After which runs the per-user rows are merged: 0 never, 3 every third run (at the same time
    /// as the next run), 12 after the last.
    @Test(arguments: [0, 3, 12])
    func topListsStayExactThroughManyRunsOverTheSameDays(mergeEvery: Int) async throws {
        var random = SeededGenerator(state: 77)
        let today = UTC.today
        let users = ["user:default/ana", "user:default/bob", "user:default/cem"]
        // Twelve runs, each with events of every user on days of the last fortnight: the same keys again and again.
        let rounds: [[GeneratedEvent]] = (0..<12).map { round in
            (0..<24).map { index in
                let day = UTC.days(-(index % 15), from: today)
                let at = day.addingTimeInterval(Double(Int.random(in: 0..<36_000, using: &random)))
                return EventGenerator.event(id: "rr-\(round)-\(index)", at: min(at, Date().addingTimeInterval(-60)),
                                            user: users[index % users.count], using: &random)
            }
        }
        let events = rounds.flatMap { $0 }
        let expected = InsightsExpectations(events: events)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                try await client.pushPeople([
                    PeopleEntities.group("team"), PeopleEntities.user("ana", memberOf: ["team"]), PeopleEntities.user("bob", memberOf: ["team"]),
                    PeopleEntities.user("cem"),
                ], token: tenant.apiKey)
                let merge = RollupMerge(database: runtime.database)
                var merging: Task<RollupMerge.Outcome, any Error>?
                for (index, round) in rounds.enumerated() {
                    try await client.postAll(round, token: tenant.apiKey)
                    try await runtime.rollUpInsights(tenant.id)
                    _ = try await merging?.value
                    merging = nil
                    if mergeEvery > 0, (index + 1) % mergeEvery == 0 {
                        merging = Task { try await merge.merge(for: tenant.id) }
                    }
                }
                if let last = try await merging?.value {
                    #expect(last.rowsRemoved > 0, "\(last)")
                    #expect(try await runtime.insightsCount(tenant.id, Self.keysWithSeveralRows) == 0)
                } else if mergeEvery == 0 {
                    #expect(try await runtime.insightsCount(tenant.id, Self.keysWithSeveralRows) > 0, "the runs' rows are all there, unmerged")
                }
                let lastMonday = UTC.weekStart(UTC.days(-7, from: today))
                let ranges = [(UTC.days(-14, from: today), today), (lastMonday, UTC.days(6, from: lastMonday)), (UTC.days(-1, from: today), today)]
                for (from, to) in ranges {
                    let range = "from=\(UTC.label(from))&to=\(UTC.label(to))"
                    for dimension in InsightsExpectations.dimensions {
                        for (group, members) in [("", Set(users)), ("&group=group:default/team", Set(users.prefix(2)))] {
                            let want = expected.top(dimension, from: from, to: to, users: members)
                            let json = try await client.report("/api/insights/top?dimension=\(dimension)&\(range)&limit=100\(group)", token: tenant.apiKey)
                            #expect(Set(ReportJSON.items(json).map(\.key)) == Set(want.keys), "\(range) \(dimension)\(group)")
                            expectTop(json, want, limit: 100, "\(range) \(dimension)\(group)")
                        }
                    }
                }
            }
        }
    }

    static let keysWithSeveralRows = """
        SELECT count(*)::int FROM (
            SELECT 1 FROM insights_rollups WHERE user_key <> '' GROUP BY dimension, user_key, bucket, key HAVING count(*) > 1
        ) repeated
        """
}

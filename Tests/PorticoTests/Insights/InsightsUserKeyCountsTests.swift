import Foundation
import Testing
@testable import PorticoApp

/// A user's counts per key and day (`insights_user_keys`) are appended to by every rollup run and
/// compacted once they hold twice the keys of their last compaction: a group's top lists, read
/// from those counts, stay exact through many runs over the same users and days.
@Suite struct InsightsUserKeyCountsTests {
    @Test func groupTopListsStayExactThroughAppendsAndCompactions() async throws {
        var random = SeededGenerator(state: 77)
        let today = UTC.today, yesterday = UTC.days(-1, from: today)
        let users = ["user:default/ana", "user:default/bob"]
        // Twelve runs, each with a few events of both users on both days: the same keys again and again.
        let rounds: [[GeneratedEvent]] = (0..<12).map { round in
            (0..<16).map { index in
                let day = index % 2 == 0 ? today : yesterday
                let at = day.addingTimeInterval(Double(Int.random(in: 0..<36_000, using: &random)))
                return EventGenerator.event(id: "uk-\(round)-\(index)", at: min(at, Date().addingTimeInterval(-60)),
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
                ], token: tenant.apiKey)
                for round in rounds {
                    try await client.postAll(round, token: tenant.apiKey)
                    try await runtime.rollUpInsights(tenant.id)
                }
                // Both paths ran: some rows hold a key more than once (appended), and no row holds
                // more entries than its compaction threshold.
                #expect(try await runtime.insightsCount(tenant.id, """
                    SELECT count(*)::int FROM insights_user_keys WHERE cardinality(keys) > (SELECT count(DISTINCT key) FROM unnest(keys) AS key)
                    """) > 0)
                #expect(try await runtime.insightsCount(tenant.id, """
                    SELECT count(*)::int FROM insights_user_keys WHERE cardinality(keys) > 2 * distinct_keys + 8
                    """) == 0)
                #expect(try await runtime.insightsCount(tenant.id, """
                    SELECT count(*)::int FROM insights_user_keys WHERE distinct_keys > (SELECT count(DISTINCT key) FROM unnest(keys) AS key)
                    """) == 0)

                let range = "from=\(UTC.label(yesterday))&to=\(UTC.label(today))"
                for dimension in InsightsExpectations.dimensions {
                    let want = expected.top(dimension, from: yesterday, to: today, users: Set(users))
                    for group in ["", "&group=group:default/team"] {
                        let json = try await client.report("/api/insights/top?dimension=\(dimension)&\(range)&limit=100\(group)", token: tenant.apiKey)
                        #expect(Set(ReportJSON.items(json).map(\.key)) == Set(want.keys), "\(dimension)\(group)")
                        expectTop(json, want, limit: 100, "\(dimension)\(group)")
                    }
                }
            }
        }
    }
}

import Foundation
import HummingbirdTesting
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoInsights

/// Users are stored as pseudonyms unless the tenant keeps refs; erasing a user takes them out of
/// every report at once and out of the raw events when the erasure job has run, and leaves every
/// other user's counts exact.
@Suite struct InsightsPrivacyTests {
    @Test func usersAreStoredAsPseudonymsUnlessTheTenantKeepsRefs() async throws {
        let at = Date().addingTimeInterval(-3_600)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let settings = try await client.report("/api/insights/settings", token: tenant.apiKey)
                #expect(settings["keepUserRefs"] as? Bool == false)
                #expect(settings["retentionMonths"] as? Int == 13)
                let first = [
                    InsightsEvents.event(id: "p1", at: at, user: "user:default/ana"),
                    InsightsEvents.event(id: "p2", at: at, user: "User:Default/Ana"),
                    InsightsEvents.event(id: "p3", at: at, user: "user:default/bob"),
                ]
                #expect(try await client.postEvents(first, token: tenant.apiKey).json["accepted"] as? Int == 3)
                let keys = try await runtime.insightsTexts(tenant.id, "SELECT user_key FROM insights_events ORDER BY event_key")
                #expect(keys.count == 3)
                for key in keys {
                    #expect(key.hasPrefix("p:") && key.count == 34, "\(key)")
                    #expect(!key.contains("ana") && !key.contains("bob") && !key.contains("user"), "\(key)")
                }
                #expect(Set(keys).count == 2, "the same ref in another case is the same user")
                // Nothing else in the row names the user either.
                #expect(try await runtime.insightsCount(tenant.id, """
                    SELECT count(*)::int FROM insights_events
                    WHERE (insights_events.*)::text ILIKE '%ana%' OR (insights_events.*)::text ILIKE '%bob%'
                    """) == 0)
                try await runtime.rollUpInsights(tenant.id)
                #expect(try await runtime.insightsCount(tenant.id, """
                    SELECT count(*)::int FROM insights_rollups WHERE user_key ILIKE '%ana%' OR user_key ILIKE '%bob%'
                    """) == 0)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_users WHERE user_key LIKE 'p:%'") == 2)
                let active = try await client.report("/api/insights/active-users?last=7d", token: tenant.apiKey)
                #expect(active["totalActiveUsers"] as? Int == 2)

                // Keep refs from now on.
                let kept = try await client.call(.put, "/api/insights/settings", token: tenant.apiKey, json: ["keepUserRefs": true])
                #expect(kept.status == .ok && kept.json["keepUserRefs"] as? Bool == true, "\(kept.json)")
                let later = [InsightsEvents.event(id: "p4", at: at, user: "User:Default/Cem"), InsightsEvents.event(id: "p5", at: at, user: "user:default/ana")]
                #expect(try await client.postEvents(later, token: tenant.apiKey).json["accepted"] as? Int == 2)
                let refs = try await runtime.insightsTexts(tenant.id, "SELECT user_key FROM insights_events WHERE user_key NOT LIKE 'p:%' ORDER BY 1")
                #expect(refs == ["user:default/ana", "user:default/cem"])
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events WHERE user_key LIKE 'p:%'") == 3,
                        "stored pseudonyms stay")
                // And back: pseudonyms again, the same ones as before.
                #expect(try await client.call(.put, "/api/insights/settings", token: tenant.apiKey, json: ["keepUserRefs": false]).status == .ok)
                #expect(try await client.postEvents([InsightsEvents.event(id: "p6", at: at, user: "user:default/bob")], token: tenant.apiKey)
                    .json["accepted"] as? Int == 1)
                #expect(Set(try await runtime.insightsTexts(tenant.id, "SELECT user_key FROM insights_events WHERE user_key LIKE 'p:%'")) == Set(keys))
            }
        }
    }

    /// ana, bob and cem over ten days, in teams; ana is erased.
    static func erasureEvents() -> [GeneratedEvent] {
        var random = SeededGenerator(state: 41)
        var events: [GeneratedEvent] = []
        let today = UTC.today
        for daysAgo in 1...10 {
            for user in ["ana", "bob", "cem"] where user != "cem" || daysAgo % 2 == 0 {
                for _ in 0..<3 {
                    let at = UTC.days(-daysAgo, from: today).addingTimeInterval(Double(Int.random(in: 0..<86_000, using: &random)))
                    events.append(EventGenerator.event(id: "erase-\(events.count)", at: at, user: "user:default/\(user)", using: &random))
                }
            }
        }
        return events
    }

    @Test func erasureRemovesAUserFromEveryReportAtOnceAndFromTheEventsByItsJob() async throws {
        let events = Self.erasureEvents()
        let ana = "user:default/ana"
        let remaining = InsightsExpectations(events: events.filter { $0.user != ana })
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                try await client.pushPeople([
                    PeopleEntities.group("team"), PeopleEntities.user("ana", memberOf: ["team"]),
                    PeopleEntities.user("bob", memberOf: ["team"]), PeopleEntities.user("cem", memberOf: ["team"]),
                ], token: tenant.apiKey)
                try await client.postAll(events, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)
                // One more event of ana's, not rolled up yet: it must not bring her back.
                let pending = InsightsEvents.event(id: "erase-pending", at: Date().addingTimeInterval(-60), user: ana)
                #expect(try await client.postEvents([pending], token: tenant.apiKey).json["accepted"] as? Int == 1)

                let today = UTC.today, from = UTC.days(-10, from: today)
                let range = "from=\(UTC.label(from))&to=\(UTC.label(UTC.days(-1, from: today)))"
                let before = try await client.report("/api/insights/active-users?\(range)", token: tenant.apiKey)
                #expect(before["totalActiveUsers"] as? Int == 3)

                let erased = try await client.call(.delete, "/api/insights/users/user%3Adefault%2FAna", token: tenant.apiKey)
                #expect(erased.status == .accepted, "\(erased.json)")
                #expect(erased.json["user"] as? String == ana)
                #expect((erased.json["rollupRowsRemoved"] as? Int ?? 0) > 0)
                #expect(erased.json["eventsDeletion"] as? String == "scheduled")

                // Every report, at once, as if ana had never been there.
                let to = UTC.days(-1, from: today)
                try await expectReports(client, tenant, remaining, from: from, to: to, range: range)
                let teams = ReportJSON.teams(try await client.report("/api/insights/teams?\(range)", token: tenant.apiKey))
                #expect(teams.map(\.group) == ["group:default/team"])
                #expect(teams.first?.team == remaining.teams(from: from, to: to, memberships: [
                    (ana, "group:default/team"), ("user:default/bob", "group:default/team"), ("user:default/cem", "group:default/team"),
                ])["group:default/team"])
                #expect(teams.first?.team.activeUsers == 2)

                // The raw events are still there (but the one not rolled up yet) until the job runs.
                let jobs = try await erasureJobs(runtime, tenant)
                #expect(jobs.count == 1)
                let job = try #require(jobs.first)
                let anaKey = try await InsightsSettingsStore(database: runtime.database).settings(for: tenant.id).userKey(for: ana)
                #expect(job.contains(anaKey))
                let anaEvents = events.filter { $0.user == ana }.count
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events WHERE user_key = '\(anaKey)'") == anaEvents)
                try await UserErasure(database: runtime.database, queue: JobQueue(database: runtime.database)).deleteEvents(of: job, for: tenant.id)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events WHERE user_key = '\(anaKey)'") == 0)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events") == events.count - anaEvents)

                // Further rollups keep her out, and the others exact.
                try await runtime.rollUpInsights(tenant.id)
                try await expectReports(client, tenant, remaining, from: from, to: to, range: range)
                let last7 = try await client.report("/api/insights/active-users?last=7d", token: tenant.apiKey)
                #expect(last7["totalActiveUsers"] as? Int == 2)
            }
        }
    }

    /// A tenant that changed `keepUserRefs` has a user's older events under one key and newer ones
    /// under the other: erasing the user erases both.
    @Test func erasureReachesEventsStoredUnderEitherSetting() async throws {
        let at = Date().addingTimeInterval(-7_200)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let post: @Sendable (String, String) async throws -> Void = { id, user in
                    let answer = try await client.postEvents([InsightsEvents.event(id: id, at: at, user: user)], token: tenant.apiKey)
                    #expect(answer.json["accepted"] as? Int == 1)
                }
                try await post("k1", "user:default/ana")
                try await post("k2", "user:default/bob")
                #expect(try await client.call(.put, "/api/insights/settings", token: tenant.apiKey, json: ["keepUserRefs": true]).status == .ok)
                try await post("k3", "user:default/ana")
                try await runtime.rollUpInsights(tenant.id)
                #expect(try await client.report("/api/insights/active-users?last=7d", token: tenant.apiKey)["totalActiveUsers"] as? Int == 3,
                        "ana counted under her pseudonym and her ref")

                let erased = try await client.call(.delete, "/api/insights/users/user%3Adefault%2Fana", token: tenant.apiKey)
                #expect(erased.status == .accepted)
                let active = try await client.report("/api/insights/active-users?last=7d", token: tenant.apiKey)
                #expect(active["totalActiveUsers"] as? Int == 1, "only bob is left: \(active)")
                let plugins = ReportJSON.items(try await client.report("/api/insights/top?dimension=plugins&last=7d", token: tenant.apiKey))
                #expect(plugins.map(\.item.events) == [1] && plugins.map(\.item.users) == [1])

                let jobs = try await erasureJobs(runtime, tenant)
                #expect(jobs.count == 1 && jobs.first?.count == 2 && jobs.first?.contains("user:default/ana") == true, "\(jobs)")
                for job in jobs {
                    try await UserErasure(database: runtime.database, queue: JobQueue(database: runtime.database)).deleteEvents(of: job, for: tenant.id)
                }
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events") == 1)
            }
        }
    }

    private func expectReports(
        _ client: some TestClientProtocol, _ tenant: TestTenant, _ expected: InsightsExpectations, from: Date, to: Date, range: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for grouping in ["hour", "day", "week"] {  // hours too: their sets lose the user without per-user rows
            let json = try await client.report("/api/insights/active-users?\(range)&grouping=\(grouping)", token: tenant.apiKey)
            #expect(ReportJSON.series(json) == expected.activeUsers(from: from, to: to, grouping: grouping), sourceLocation: sourceLocation)
            #expect(json["totalActiveUsers"] as? Int == 2, sourceLocation: sourceLocation)
        }
        for dimension in InsightsExpectations.dimensions {
            let json = try await client.report("/api/insights/top?dimension=\(dimension)&\(range)&limit=100", token: tenant.apiKey)
            let want = expected.top(dimension, from: from, to: to)
            #expect(Set(ReportJSON.items(json).map(\.key)) == Set(want.keys), "\(dimension)", sourceLocation: sourceLocation)
            expectTop(json, want, limit: 100, dimension, sourceLocation: sourceLocation)
        }
        let retention = try await client.report("/api/insights/retention?\(range)", token: tenant.apiKey)
        #expect(ReportJSON.cohorts(retention) == expected.retention(from: from, to: to), sourceLocation: sourceLocation)
    }

    /// The user keys each of the tenant's queued erasure jobs is to delete.
    private func erasureJobs(_ runtime: Runtime, _ tenant: TestTenant) async throws -> [[String]] {
        var jobs: [[String]] = []
        let rows = try await runtime.database.query("""
            SELECT (payload->'userKeys')::text FROM control.jobs
            WHERE kind = 'insights.erase-user-events' AND payload->>'tenantID' = \(tenant.id.description) ORDER BY id
            """)
        for try await keys in rows.decode(String.self) { jobs.append(try JSONDecoder().decode([String].self, from: Data(keys.utf8))) }
        return jobs
    }
}

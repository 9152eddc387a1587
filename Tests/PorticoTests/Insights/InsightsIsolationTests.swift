import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Tenant B, with a key of its own and every Insights scope, reads none of A's reports, cannot
/// erase A's users, cannot post into A, and its settings are its own.
@Suite struct InsightsIsolationTests {
    @Test func tenantsCannotReachEachOthersInsights() async throws {
        let events = EventGenerator.month(users: 6, firstDay: 5, lastDay: 1, seed: 31, idPrefix: "iso")
        let expected = InsightsExpectations(events: events)
        try await TestDatabase.withShared { runtime in
            let a = try await TestTenants.create(runtime)
            let b = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                try await client.postAll(events, token: a.apiKey)
                try await runtime.rollUpInsights(a.id)
                try await runtime.rollUpInsights(b.id)
                let today = UTC.today, from = UTC.days(-5, from: today)
                let range = "from=\(UTC.label(from))&to=\(UTC.label(today))"
                let reports = [
                    "/api/insights/active-users?\(range)", "/api/insights/active-users?\(range)&grouping=week",
                    "/api/insights/teams?\(range)", "/api/insights/retention?\(range)",
                ] + InsightsExpectations.dimensions.map { "/api/insights/top?dimension=\($0)&\(range)" }

                func snapshot(_ token: String) async throws -> [String: String] {
                    var answers: [String: String] = [:]
                    for path in reports {
                        let response = try await client.call(.get, path, token: token)
                        #expect(response.status == .ok)
                        answers[path] = String(buffer: response.body)
                    }
                    return answers
                }
                let aBefore = try await snapshot(a.apiKey)
                #expect(ReportJSON.series(try await client.report("/api/insights/active-users?\(range)", token: a.apiKey))
                    == expected.activeUsers(from: from, to: today, grouping: "day"))

                // B sees nothing of A's.
                let active = try await client.report("/api/insights/active-users?\(range)", token: b.apiKey)
                #expect(active["totalActiveUsers"] as? Int == 0)
                #expect(ReportJSON.series(active).allSatisfy { $0.active == 0 && $0.new == 0 })
                for dimension in InsightsExpectations.dimensions {
                    let top = try await client.report("/api/insights/top?dimension=\(dimension)&\(range)", token: b.apiKey)
                    #expect(ReportJSON.items(top).isEmpty, "\(dimension)")
                }
                #expect(ReportJSON.cohorts(try await client.report("/api/insights/retention?\(range)", token: b.apiKey)).isEmpty)

                // B erases "A's" users: B's own (empty) records; A's counts are unchanged.
                for number in 0..<6 {
                    let ref = EventGenerator.user(number).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    let erased = try await client.call(.delete, "/api/insights/users/\(ref)", token: b.apiKey)
                    #expect(erased.status == .accepted)
                    #expect(erased.json["rollupRowsRemoved"] as? Int == 0)
                }
                // B's settings change (refs kept, one month of retention, seats).
                let settings = try await client.call(.put, "/api/insights/settings", token: b.apiKey,
                                                     json: ["keepUserRefs": true, "retentionMonths": 1, "licensedSeats": 3])
                #expect(settings.status == .ok, "\(settings.json)")
                // B posts the very same ids into its own tenant: new events there, not duplicates of A's.
                let bEvents = Array(events.prefix(20))
                let posted = try await client.postEvents(bEvents.map(\.json), token: b.apiKey)
                #expect(posted.json["accepted"] as? Int == 20 && posted.json["duplicates"] as? Int == 0, "\(posted.json)")
                try await runtime.rollUpInsights(a.id)
                try await runtime.rollUpInsights(b.id)

                // A: exactly as before, its settings the defaults, its events still pseudonymous.
                #expect(try await snapshot(a.apiKey) == aBefore)
                let aSettings = try await client.report("/api/insights/settings", token: a.apiKey)
                #expect(aSettings["keepUserRefs"] as? Bool == false && aSettings["retentionMonths"] as? Int == 13)
                #expect(aSettings["licensedSeats"] == nil || aSettings["licensedSeats"] is NSNull)
                let more = InsightsEvents.event(id: "after-b-settings", at: Date().addingTimeInterval(-60), user: "user:default/u00")
                #expect(try await client.postEvents([more], token: a.apiKey).json["accepted"] as? Int == 1)
                #expect(try await runtime.insightsCount(a.id, "SELECT count(*)::int FROM insights_events WHERE user_key LIKE 'user:%'") == 0)
                #expect(try await runtime.insightsCount(a.id, "SELECT count(*)::int FROM insights_events") == events.count + 1)

                // B: its 20 events alone, stored with refs.
                let bExpected = InsightsExpectations(events: bEvents)
                let bActive = try await client.report("/api/insights/active-users?\(range)", token: b.apiKey)
                #expect(ReportJSON.series(bActive) == bExpected.activeUsers(from: from, to: today, grouping: "day"))
                let bPlugins = try await client.report("/api/insights/top?dimension=plugins&\(range)&limit=100", token: b.apiKey)
                expectTop(bPlugins, bExpected.top("plugins", from: from, to: today), limit: 100, "B's plugins")
                #expect(try await runtime.insightsCount(b.id, "SELECT count(*)::int FROM insights_events") == 20)
                #expect(try await runtime.insightsCount(b.id, "SELECT count(*)::int FROM insights_events WHERE user_key LIKE 'user:%'") == 20)
            }
        }
    }
}

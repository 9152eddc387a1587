import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Where buckets begin and end: weeks start on Monday in UTC, days and months at UTC midnight
/// whatever offset a timestamp is written with, hours at the hour; and late events (up to 35 days
/// old) change the past buckets they belong to at the next rollup.
@Suite struct InsightsBoundaryTests {
    /// The most recent Monday at least two days ago (so its Sunday and Monday are both past).
    static var recentMonday: Date {
        var day = UTC.days(-2, from: UTC.today)
        while UTC.calendar.component(.weekday, from: day) != 2 { day = UTC.days(-1, from: day) }
        return day
    }

    static func event(_ id: String, _ at: Date, _ user: String) -> GeneratedEvent {
        GeneratedEvent(id: id, at: at, user: user, action: "navigate", subject: "/catalog", value: nil, pluginId: "catalog", entityRef: nil)
    }

    @Test func weeksStartOnMondayUTCAndOffsetsAreConverted() async throws {
        let monday = Self.recentMonday
        let sunday = UTC.days(-1, from: monday)
        // Ana: Sunday 23:59:59.999 UTC. Bob: Monday 01:30 written as +02:00, so Sunday 23:30 UTC.
        // Cem: Monday 00:00:00.000 UTC. Dan: Sunday 22:30 written as -02:00, so Monday 00:30 UTC.
        let anaAt = monday.addingTimeInterval(-0.001), bobAt = monday.addingTimeInterval(-1_800)
        let cemAt = monday, danAt = monday.addingTimeInterval(1_800)
        func local(_ date: Date, offsetHours: Int) -> String {
            let shifted = date.addingTimeInterval(Double(offsetHours) * 3_600)
            var text = shifted.formatted(InsightsEvents.timestampFormat)
            text.removeLast() // "Z"
            return text + String(format: "%@%02d:00", offsetHours < 0 ? "-" : "+", abs(offsetHours))
        }
        var bob = InsightsEvents.event(id: "bob", user: "user:default/bob")
        bob["timestamp"] = local(bobAt, offsetHours: 2)
        var dan = InsightsEvents.event(id: "dan", user: "user:default/dan")
        dan["timestamp"] = local(danAt, offsetHours: -2)
        #expect((bob["timestamp"] as? String)?.hasSuffix("T01:30:00.000+02:00") == true)
        #expect((dan["timestamp"] as? String)?.hasSuffix("T22:30:00.000-02:00") == true)
        let sent = String(decoding: try JSONSerialization.data(withJSONObject: ["events": [
            InsightsEvents.event(id: "ana", at: anaAt, user: "user:default/ana"), bob,
            InsightsEvents.event(id: "cem", at: cemAt, user: "user:default/cem"), dan]]), as: UTF8.self)

        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let posted = try await client.call(.post, "/api/insights/events", token: tenant.apiKey, rawBody: sent)
                #expect(posted.json["accepted"] as? Int == 4, "\(posted.json)")
                try await runtime.rollUpInsights(tenant.id)
                let range = "from=\(UTC.label(sunday))&to=\(UTC.label(monday))"

                let days = try await client.report("/api/insights/active-users?\(range)&grouping=day", token: tenant.apiKey)
                #expect(ReportJSON.series(days) == [
                    .init(start: UTC.label(sunday), active: 2, new: 2, returning: 0),
                    .init(start: UTC.label(monday), active: 2, new: 2, returning: 0),
                ])
                // The week of the range's Sunday began the Monday before it; Monday starts the next.
                let weeks = try await client.report("/api/insights/active-users?\(range)&grouping=week", token: tenant.apiKey)
                #expect(ReportJSON.series(weeks) == [
                    .init(start: UTC.label(UTC.days(-7, from: monday)), active: 2, new: 2, returning: 0),
                    .init(start: UTC.label(monday), active: 2, new: 2, returning: 0),
                ])
                let cohorts = try await client.report("/api/insights/retention?\(range)", token: tenant.apiKey)
                #expect(ReportJSON.cohorts(cohorts) == [
                    .init(week: UTC.label(UTC.days(-7, from: monday)), users: 2, retained: [2, 0]),
                    .init(week: UTC.label(monday), users: 2, retained: [2]),
                ])
            }
        }
    }

    @Test func monthsEndAtUTCMidnight() async throws {
        let monthStart = UTC.monthStart(UTC.today)
        let lastOfPrevious = UTC.days(-1, from: monthStart)
        // One user on each side of the edge, one on both; the month's first instant is in it.
        let events = [
            Self.event("m1", monthStart.addingTimeInterval(-0.001), "user:default/ana"),
            Self.event("m2", monthStart.addingTimeInterval(-3_600), "user:default/bob"),
            Self.event("m3", monthStart, "user:default/bob"),
            Self.event("m4", monthStart, "user:default/cem"),
        ]
        let expected = InsightsExpectations(events: events)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                try await client.postAll(events, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)
                let range = "from=\(UTC.label(UTC.days(-3, from: lastOfPrevious)))&to=\(UTC.label(monthStart))"
                let months = try await client.report("/api/insights/active-users?\(range)&grouping=month", token: tenant.apiKey)
                #expect(ReportJSON.series(months) == [
                    .init(start: UTC.label(UTC.monthStart(lastOfPrevious)), active: 2, new: 2, returning: 0),
                    .init(start: UTC.label(monthStart), active: 2, new: 1, returning: 1),
                ])
                #expect(ReportJSON.series(months) == expected.activeUsers(
                    from: UTC.days(-3, from: lastOfPrevious), to: monthStart, grouping: "month"))
                #expect(months["totalActiveUsers"] as? Int == 3)
                // A range of the new month alone does not see December's (or whichever) last day.
                let only = try await client.report(
                    "/api/insights/active-users?from=\(UTC.label(monthStart))&to=\(UTC.label(monthStart))&grouping=month", token: tenant.apiKey)
                #expect(ReportJSON.series(only) == [.init(start: UTC.label(monthStart), active: 2, new: 1, returning: 1)])
            }
        }
    }

    @Test func hoursBucketAtTheHour() async throws {
        let day = UTC.days(-3, from: UTC.today)
        let ten = day.addingTimeInterval(10 * 3_600)
        let events = [
            Self.event("h1", ten, "user:default/ana"),
            Self.event("h2", ten.addingTimeInterval(3_599.999), "user:default/bob"),
            Self.event("h3", ten.addingTimeInterval(3_600), "user:default/ana"),
            Self.event("h4", day.addingTimeInterval(23 * 3_600 + 3_599.999), "user:default/cem"),
        ]
        let expected = InsightsExpectations(events: events)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                try await client.postAll(events, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)
                let json = try await client.report(
                    "/api/insights/active-users?from=\(UTC.label(day))&to=\(UTC.label(day))&grouping=hour", token: tenant.apiKey)
                let series = ReportJSON.series(json)
                #expect(series.count == 24)
                #expect(series == expected.activeUsers(from: day, to: day, grouping: "hour"))
                let label = UTC.label(day)
                #expect(series[10] == .init(start: "\(label)T10:00:00Z", active: 2, new: 2, returning: 0))
                #expect(series[11] == .init(start: "\(label)T11:00:00Z", active: 1, new: 0, returning: 1))
                #expect(series[23] == .init(start: "\(label)T23:00:00Z", active: 1, new: 1, returning: 0))
                #expect(series.map(\.active).reduce(0, +) == 4)
                // Two days of hours: 48 buckets, the second day empty.
                let two = try await client.report(
                    "/api/insights/active-users?from=\(UTC.label(day))&to=\(UTC.label(UTC.days(1, from: day)))&grouping=hour", token: tenant.apiKey)
                #expect(ReportJSON.series(two).count == 48)
                #expect(ReportJSON.series(two).dropFirst(24).allSatisfy { $0.active == 0 })
            }
        }
    }

    @Test func lateEventsChangePastBucketsAtTheNextRollup() async throws {
        let today = UTC.today
        let recent = EventGenerator.month(users: 8, firstDay: 10, lastDay: 1, seed: 5, idPrefix: "recent")
        // Late: an existing user 30 days back (now first seen then), a new user 33 days back, and one
        // more event inside an already rolled-up day.
        let late = [
            Self.event("late-1", UTC.days(-30, from: today).addingTimeInterval(4_000), recent[0].user),
            Self.event("late-2", UTC.days(-33, from: today).addingTimeInterval(80_000), "user:default/latecomer"),
            Self.event("late-3", recent[recent.count / 2].at.addingTimeInterval(1), "user:default/latecomer"),
        ]
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let from = UTC.days(-34, from: today)
                let range = "from=\(UTC.label(from))&to=\(UTC.label(today))"
                try await client.postAll(recent, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)
                let before = InsightsExpectations(events: recent)
                for grouping in ["day", "week", "month"] {
                    let json = try await client.report("/api/insights/active-users?\(range)&grouping=\(grouping)", token: tenant.apiKey)
                    #expect(ReportJSON.series(json) == before.activeUsers(from: from, to: today, grouping: grouping), "before, \(grouping)")
                }

                try await client.postAll(late, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)
                let after = InsightsExpectations(events: recent + late)
                #expect(after.activeUsers(from: from, to: today, grouping: "day") != before.activeUsers(from: from, to: today, grouping: "day"))
                for grouping in ["day", "week", "month"] {
                    let json = try await client.report("/api/insights/active-users?\(range)&grouping=\(grouping)", token: tenant.apiKey)
                    #expect(ReportJSON.series(json) == after.activeUsers(from: from, to: today, grouping: grouping), "after, \(grouping)")
                    #expect(json["totalActiveUsers"] as? Int == 9)
                }
                let retention = try await client.report("/api/insights/retention?\(range)", token: tenant.apiKey)
                #expect(ReportJSON.cohorts(retention) == after.retention(from: from, to: today))
                let plugins = try await client.report("/api/insights/top?dimension=plugins&\(range)&limit=100", token: tenant.apiKey)
                expectTop(plugins, after.top("plugins", from: from, to: today), limit: 100, "plugins after late events")
            }
        }
    }
}

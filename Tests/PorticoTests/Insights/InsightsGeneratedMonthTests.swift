import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// A generated month of events (30 users over five weeks, a seeded pattern) in, every report out,
/// each number checked against the same events counted in plain Swift.
@Suite struct InsightsGeneratedMonthTests {
    @Test func reportsCountAGeneratedMonthExactly() async throws {
        let events = EventGenerator.month()
        let expected = InsightsExpectations(events: events)
        // The generator must exercise what is checked: several users per day, new and returning
        // users, every dimension.
        #expect(events.count > 500 && events.count < 3_000)
        for dimension in InsightsExpectations.dimensions { #expect(!expected.top(dimension, from: UTC.days(-34, from: UTC.today), to: UTC.today).isEmpty, "\(dimension)") }

        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "team")
            try await LiveServer.with(runtime) { client in
                // 40 people in the catalog: the 30 who use the portal and 10 who never do.
                try await client.pushPeople((0..<40).map { PeopleEntities.user(String(format: "u%02d", $0)) }, token: tenant.apiKey)
                try await client.postAll(events, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)

                let today = UTC.today
                let from = UTC.days(-34, from: today)
                let range = "from=\(UTC.label(from))&to=\(UTC.label(today))"

                // DAU, WAU, MAU with new and returning users.
                for grouping in ["day", "week", "month"] {
                    let json = try await client.report("/api/insights/active-users?\(range)&grouping=\(grouping)", token: tenant.apiKey)
                    #expect(json["grouping"] as? String == grouping)
                    #expect(ReportJSON.series(json) == expected.activeUsers(from: from, to: today, grouping: grouping), "\(grouping)")
                    #expect(json["totalActiveUsers"] as? Int == expected.totalActiveUsers(from: from, to: today))
                }
                // A range inside the month: new users are those first seen in it, the others return.
                let middle = (UTC.days(-20, from: today), UTC.days(-6, from: today))
                let inner = try await client.report(
                    "/api/insights/active-users?from=\(UTC.label(middle.0))&to=\(UTC.label(middle.1))&grouping=week", token: tenant.apiKey)
                #expect(ReportJSON.series(inner) == expected.activeUsers(from: middle.0, to: middle.1, grouping: "week"))
                #expect(inner["totalActiveUsers"] as? Int == expected.totalActiveUsers(from: middle.0, to: middle.1))
                let innerPoints = expected.activeUsers(from: middle.0, to: middle.1, grouping: "day")
                #expect(innerPoints.contains { $0.returning > 0 } && innerPoints.contains { $0.new > 0 }, "the pattern has both")

                // Adoption: active users over the catalog's 40 users, then over 50 licensed seats.
                let total = expected.totalActiveUsers(from: from, to: today)
                let adoption = try await client.report("/api/insights/active-users?\(range)", token: tenant.apiKey)["adoption"] as? [String: Any]
                #expect(adoption?["activeUsers"] as? Int == total)
                #expect(adoption?["totalUsers"] as? Int == 40)
                #expect((adoption?["rate"] as? NSNumber)?.doubleValue == Double(total) / 40)
                let seats = try await client.call(.put, "/api/insights/settings", token: tenant.apiKey, json: ["licensedSeats": 50])
                #expect(seats.status == .ok, "\(seats.json)")
                let licensed = try await client.report("/api/insights/active-users?\(range)", token: tenant.apiKey)["adoption"] as? [String: Any]
                #expect(licensed?["totalUsers"] as? Int == 50)
                #expect((licensed?["rate"] as? NSNumber)?.doubleValue == Double(total) / 50)

                // Top N of every dimension: the whole list, and the first three.
                for dimension in InsightsExpectations.dimensions {
                    let want = expected.top(dimension, from: from, to: today)
                    let all = try await client.report("/api/insights/top?dimension=\(dimension)&\(range)&limit=100", token: tenant.apiKey)
                    #expect(all["dimension"] as? String == dimension)
                    #expect(Set(ReportJSON.items(all).map(\.key)) == Set(want.keys), "\(dimension) keys")
                    expectTop(all, want, limit: 100, dimension)
                    let three = try await client.report("/api/insights/top?dimension=\(dimension)&\(range)&limit=3", token: tenant.apiKey)
                    expectTop(three, want, limit: 3, "\(dimension) top 3")
                }
                // Entities of one kind; and the default limit of 10 over a narrower range.
                for kind in ["component", "api"] {
                    let json = try await client.report("/api/insights/top?dimension=entities&kind=\(kind)&\(range)&limit=100", token: tenant.apiKey)
                    let want = expected.top("entities", from: from, to: today, kind: kind)
                    #expect(!want.isEmpty)
                    #expect(Set(ReportJSON.items(json).map(\.key)) == Set(want.keys))
                    expectTop(json, want, limit: 100, "entities of kind \(kind)")
                }
                let week = try await client.report(
                    "/api/insights/top?dimension=pages&from=\(UTC.label(middle.0))&to=\(UTC.label(middle.1))", token: tenant.apiKey)
                expectTop(week, expected.top("pages", from: middle.0, to: middle.1), limit: 10, "pages in the middle range")

                // Retention: weekly cohorts of first-seen users and who of them came back each week.
                let retention = try await client.report("/api/insights/retention?\(range)", token: tenant.apiKey)
                let cohorts = expected.retention(from: from, to: today)
                #expect(cohorts.count >= 5)
                #expect(ReportJSON.cohorts(retention) == cohorts)
                let innerRetention = try await client.report(
                    "/api/insights/retention?from=\(UTC.label(middle.0))&to=\(UTC.label(middle.1))", token: tenant.apiKey)
                #expect(ReportJSON.cohorts(innerRetention) == expected.retention(from: middle.0, to: middle.1))

                // `last=28d` is the 28 days ending today.
                let last = try await client.report("/api/insights/active-users?last=28d", token: tenant.apiKey)
                #expect(last["from"] as? String == UTC.label(UTC.days(-27, from: today)))
                #expect(last["totalActiveUsers"] as? Int == expected.totalActiveUsers(from: UTC.days(-27, from: today), to: today))
            }
        }
    }

    @Test func csvHoldsTheSameNumbersAsJSON() async throws {
        let events = EventGenerator.month(users: 12, firstDay: 20, lastDay: 1, seed: 7)
        let expected = InsightsExpectations(events: events)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                try await client.postAll(events, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)
                let today = UTC.today, from = UTC.days(-20, from: today)
                let range = "from=\(UTC.label(from))&to=\(UTC.label(today))"

                let active = try await client.call(.get, "/api/insights/active-users?\(range)&grouping=week&format=csv", token: tenant.apiKey)
                #expect(active.status == .ok)
                #expect(active.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(active.headers[.contentDisposition]?.contains("insights-active-users.csv") == true)
                let rows = expected.activeUsers(from: from, to: today, grouping: "week").map { "\($0.start),\($0.active),\($0.new),\($0.returning)" }
                #expect(String(buffer: active.body) == (["start,activeUsers,newUsers,returningUsers"] + rows).joined(separator: "\r\n") + "\r\n")

                let templates = try await client.call(.get, "/api/insights/top?dimension=templates&\(range)&format=csv", token: tenant.apiKey)
                let lines = String(buffer: templates.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.first == "key,events,users,value,averageValue")
                let want = expected.top("templates", from: from, to: today)
                #expect(lines.count == want.count + 1)
                for line in lines.dropFirst() {
                    let cells = line.split(separator: ",").map(String.init)
                    let item = try #require(want[cells[0]], "\(line)")
                    #expect(cells[1] == String(item.events) && cells[2] == String(item.users) && cells[3] == String(Int(item.value)), "\(line)")
                }

                let retention = try await client.call(.get, "/api/insights/retention?\(range)&format=csv", token: tenant.apiKey)
                let cohorts = expected.retention(from: from, to: today)
                let width = cohorts.map(\.retained.count).max() ?? 0
                let header = (["week", "users"] + (0..<width).map { "week\($0)" }).joined(separator: ",")
                let body = cohorts.map { cohort in
                    ([cohort.week, String(cohort.users)] + (0..<width).map { $0 < cohort.retained.count ? String(cohort.retained[$0]) : "" })
                        .joined(separator: ",")
                }
                #expect(String(buffer: retention.body) == ([header] + body).joined(separator: "\r\n") + "\r\n")
            }
        }
    }
}

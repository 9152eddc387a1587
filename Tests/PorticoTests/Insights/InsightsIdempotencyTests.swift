import Foundation
import HummingbirdTesting
import NIOCore
import Testing
@testable import PorticoApp

/// An event id counts once, for ever: a batch sent twice, or by two clients at the same time, is
/// counted once; an id reused for a different event is reported and not counted.
@Suite struct InsightsIdempotencyTests {
    @Test func theSameBatchSentTwiceCountsOnce() async throws {
        let events = EventGenerator.month(users: 6, firstDay: 6, lastDay: 1, seed: 11, idPrefix: "twice")
        let expected = InsightsExpectations(events: events)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let first = try await client.postEvents(events.map(\.json), token: tenant.apiKey)
                #expect(first.json["accepted"] as? Int == events.count && first.json["duplicates"] as? Int == 0, "\(first.json)")
                try await runtime.rollUpInsights(tenant.id)
                // The retry comes after the first was rolled up: still a duplicate.
                let second = try await client.postEvents(events.map(\.json), token: tenant.apiKey)
                #expect(second.json["accepted"] as? Int == 0 && second.json["duplicates"] as? Int == events.count, "\(second.json)")
                #expect((second.json["rejected"] as? [Any])?.isEmpty == true)
                // A retry serialized with its keys in another order is the same event.
                let event = events[0]
                let reordered = """
                    {"events": [{"context": {"routeRef": "\(event.pluginId):root", "pluginId": "\(event.pluginId)"\(event.entityRef.map { ", \"entityRef\": \"\($0)\"" } ?? "")},
                      "subject": "\(event.subject)", "user": "\(event.user)", "action": "\(event.action)"\(event.value.map { ", \"value\": \($0)" } ?? ""),
                      "timestamp": "\(event.at.formatted(InsightsEvents.timestampFormat))", "id": "\(event.id)"}]}
                    """
                let third = try await client.call(.post, "/api/insights/events", token: tenant.apiKey, rawBody: reordered)
                #expect(third.json["duplicates"] as? Int == 1, "\(third.json)")
                try await runtime.rollUpInsights(tenant.id)

                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events") == events.count)
                try await expectCounts(client, tenant, expected, days: 6)
            }
        }
    }

    @Test func theSameBatchFromTwoClientsAtOnceCountsOnce() async throws {
        let events = EventGenerator.month(users: 10, firstDay: 8, lastDay: 1, seed: 12, idPrefix: "race")
        let expected = InsightsExpectations(events: events)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let port = try #require(client.port)
                // Rounds of one batch each, sent by two connections at once.
                let rounds = stride(from: 0, to: events.count, by: 40).map { Array(events[$0..<min($0 + 40, events.count)]) }
                for batch in rounds {
                    let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["events": batch.map(\.json)]))
                    async let one = RawHTTP.post(port: port, "/api/insights/events", token: tenant.apiKey, body: body)
                    async let two = RawHTTP.post(port: port, "/api/insights/events", token: tenant.apiKey, body: body)
                    let answers = try await [one, two]
                    #expect(answers.allSatisfy { $0.status == 200 }, "\(answers.map(\.json))")
                    let accepted = answers.compactMap { $0.json["accepted"] as? Int }.reduce(0, +)
                    let duplicates = answers.compactMap { $0.json["duplicates"] as? Int }.reduce(0, +)
                    #expect(accepted == batch.count && duplicates == batch.count, "\(answers.map(\.json))")
                }
                try await runtime.rollUpInsights(tenant.id)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events") == events.count)
                try await expectCounts(client, tenant, expected, days: 8)
            }
        }
    }

    @Test func aReusedIdWithAnotherBodyIsRejectedAndNotCounted() async throws {
        let day = UTC.days(-2, from: UTC.today).addingTimeInterval(36_000)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let original = InsightsEvents.event(id: "shared-id", at: day, user: "user:default/ana", pluginId: "catalog")
                let posted = try await client.postEvents([original], token: tenant.apiKey)
                #expect(posted.json["accepted"] as? Int == 1)
                try await runtime.rollUpInsights(tenant.id)

                // Another user, another plugin, another value: each a different event under the same id.
                let impostors = [
                    InsightsEvents.event(id: "shared-id", at: day, user: "user:default/bob", pluginId: "catalog"),
                    InsightsEvents.event(id: "shared-id", at: day, user: "user:default/ana", pluginId: "techdocs"),
                    InsightsEvents.event(id: "shared-id", at: day, user: "user:default/ana", value: 1, pluginId: "catalog"),
                    original,
                    // Within one batch: the first use of a fresh id is taken, a different second one is not.
                    InsightsEvents.event(id: "fresh-id", at: day, user: "user:default/cem", pluginId: "search"),
                    InsightsEvents.event(id: "fresh-id", at: day, user: "user:default/dan", pluginId: "search"),
                    InsightsEvents.event(id: "fresh-id", at: day, user: "user:default/cem", pluginId: "search"),
                ]
                let answer = try await client.postEvents(impostors, token: tenant.apiKey)
                #expect(answer.status == .ok)
                #expect(answer.json["accepted"] as? Int == 1, "\(answer.json)")
                #expect(answer.json["duplicates"] as? Int == 2, "\(answer.json)")
                let rejected = answer.json["rejected"] as? [[String: Any]] ?? []
                #expect(rejected.map { $0["index"] as? Int } == [0, 1, 2, 5])
                #expect(rejected.allSatisfy { $0["code"] as? String == "id_reused" && !($0["detail"] as? String ?? "").isEmpty })
                try await runtime.rollUpInsights(tenant.id)

                let range = "from=\(UTC.label(UTC.days(-3, from: UTC.today)))&to=\(UTC.label(UTC.today))"
                let active = try await client.report("/api/insights/active-users?\(range)", token: tenant.apiKey)
                #expect(active["totalActiveUsers"] as? Int == 2, "ana and cem; bob and dan were never counted")
                let plugins = try await client.report("/api/insights/top?dimension=plugins&\(range)", token: tenant.apiKey)
                let counts = Dictionary(uniqueKeysWithValues: ReportJSON.items(plugins).map { ($0.key, $0.item.events) })
                #expect(counts == ["catalog": 1, "search": 1])
            }
        }
    }

    private func expectCounts(
        _ client: some TestClientProtocol, _ tenant: TestTenant, _ expected: InsightsExpectations, days: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let today = UTC.today, from = UTC.days(-days, from: today)
        let range = "from=\(UTC.label(from))&to=\(UTC.label(today))"
        let active = try await client.report("/api/insights/active-users?\(range)", token: tenant.apiKey)
        #expect(ReportJSON.series(active) == expected.activeUsers(from: from, to: today, grouping: "day"), sourceLocation: sourceLocation)
        for dimension in ["plugins", "searches", "templates"] {
            let top = try await client.report("/api/insights/top?dimension=\(dimension)&\(range)&limit=100", token: tenant.apiKey)
            expectTop(top, expected.top(dimension, from: from, to: today), limit: 100, dimension, sourceLocation: sourceLocation)
        }
    }
}

import Foundation
import Testing
@testable import PorticoApp
@testable import PorticoSignals

/// A rollup's days before today are kept per process (`SignalsReader`); today is always read.
@Suite struct SignalsRollupPastDaysTests {
    /// "2026-12-01T10:00:00Z" for a date.
    private static func text(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }

    /// A run of today created `duration` + a little before now, so that it has finished; waits
    /// out the first minutes of a UTC day, when such a run would have been created yesterday.
    private static func todaysRun(id: Int, repository: String, workflow: String = "CI", conclusion: String, duration: Int) async throws -> Data {
        let now = Date()
        let sinceMidnight = Int(now.timeIntervalSince1970) % 86_400
        if sinceMidnight < duration + 60 { try await Task.sleep(for: .seconds(duration + 61 - sinceMidnight)) }
        let finished = Date().addingTimeInterval(-2)
        return ProviderPayloads.workflowRun(
            id: id, repository: repository, workflow: workflow, status: "completed", conclusion: conclusion,
            created: text(finished.addingTimeInterval(-Double(duration))), updated: text(finished))
    }

    @Test func aRunOfTodayShowsInAGroupAtOnceBesideItsKeptPastDays() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            try await client.pushSignalsCatalog([
                SignalsCatalog.group("platform"),
                SignalsCatalog.component("api", owner: "platform", github: "acme/api"),
                SignalsCatalog.component("web", owner: "platform", github: "acme/web"),
            ], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            let yesterday = ProviderPayloads.day
            // Yesterday: api 100 s (success), web 300 s (failure); a deploy of api 40 s.
            for (id, repository, workflow, conclusion, seconds) in [
                (1, "acme/api", "CI", "success", 100), (2, "acme/web", "CI", "failure", 300), (3, "acme/api", "Deploy", "success", 40),
            ] {
                let body = ProviderPayloads.workflowRun(
                    id: id, repository: repository, workflow: workflow, status: "completed", conclusion: conclusion,
                    created: "\(yesterday)T10:00:00Z", updated: "\(yesterday)T10:\(String(format: "%02d:%02d", seconds / 60, seconds % 60))Z")
                #expect(try await client.deliverGitHub(body, to: hook.path, secret: hook.secret).json["status"] as? String == "applied")
            }
            let before = try await client.signals("group:default/platform", token: a.apiKey)
            #expect(before[path: "ci.runs30d"] as? Int == 3)
            #expect(before[path: "ci.medianDurationSeconds"] as? Double == 100)
            #expect(before[path: "dora.deployments30d"] as? Int == 1)

            // Today, after the group's past days were read (and kept): web 200 s (success), a deploy of web 50 s (failure).
            for body in [
                try await Self.todaysRun(id: 4, repository: "acme/web", conclusion: "success", duration: 200),
                try await Self.todaysRun(id: 5, repository: "acme/web", workflow: "Deploy", conclusion: "failure", duration: 50),
            ] {
                #expect(try await client.deliverGitHub(body, to: hook.path, secret: hook.secret).json["status"] as? String == "applied")
            }
            let after = try await client.signals("group:default/platform", token: a.apiKey)
            #expect(after[path: "ci.runs30d"] as? Int == 5)
            #expect(after[path: "ci.successRate30d"] as? Double == 3.0 / 5)
            #expect(after[path: "ci.medianDurationSeconds"] as? Double == 100, "of 40, 50, 100, 200, 300")
            #expect(after[path: "dora.deployments30d"] as? Int == 2)
            #expect(after[path: "dora.changeFailureRate"] as? Double == 0.5)
            let recent = try #require(after[path: "ci.recentRuns"] as? [[String: Any]])
            #expect(recent.compactMap { ($0["url"] as? String)?.split(separator: "/").last.map(String.init) }.prefix(2) == ["5", "4"],
                    "today's runs, newest first, before the kept ones")
            #expect(recent.dropFirst(2).allSatisfy { ($0["createdAt"] as? String)?.hasPrefix(yesterday) == true })
            #expect(recent.count == 5)
            let latest = try #require(after[path: "ci.latest"] as? [[String: Any]])
            #expect(latest.map { "\($0["entityRef"] ?? ""):\($0["workflow"] ?? ""):\(($0["url"] as? String)?.split(separator: "/").last ?? "")" }.sorted()
                    == ["component:default/api:CI:1", "component:default/api:Deploy:3", "component:default/web:CI:4", "component:default/web:Deploy:5"],
                    "web's latest runs read live (it ran today), api's kept")
            let teams = try #require(after[path: "rollup.teams"] as? [[String: Any]])
            #expect(teams.first?["deployments30d"] as? Int == 2)
            let web = try await client.signals("component:default/web", token: a.apiKey)
            #expect(web[path: "ci.medianDurationSeconds"] as? Double == 200, "of 50 and 200 today, 300 yesterday")
        }
    }

    /// Medians are taken in Swift over kept and live values, as `percentile_cont(0.5)` took them.
    @Test func theMedianIsTheMiddleValueOrTheTwoMiddleOnesInterpolated() {
        #expect(ValueCounts().median == nil)
        #expect(ValueCounts([7]).median == 7)
        #expect(ValueCounts([300, 40, 100]).median == 100)
        #expect(ValueCounts([4, 1, 3, 2]).median == 2.5)
        #expect(ValueCounts([5, 5, 5, 9]).median == 5)
        #expect(ValueCounts([1, 9, 9, 9]).median == 9)
        #expect(ValueCounts([0.1, 0.2]).median == 0.1 + (0.2 - 0.1) * 0.5)
        #expect((ValueCounts([1, 2]) + ValueCounts([2, 10])).median == 2)
        #expect((ValueCounts([1, 2]) + ValueCounts([2, 10])).distinct == 3)
    }

    @Test func aLateRunForAPastDayShowsInAGroupWithinTheKeptLifetime() async throws {
        try await SignalsTesting.with(settings: ["signals.rollupPastDaysSeconds": "1"]) { _, client, a, _ in
            try await client.pushSignalsCatalog([
                SignalsCatalog.group("platform"),
                SignalsCatalog.component("api", owner: "platform", github: "acme/api"),
            ], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            let yesterday = ProviderPayloads.day
            let first = ProviderPayloads.workflowRun(id: 1, repository: "acme/api", status: "completed", conclusion: "success")
            #expect(try await client.deliverGitHub(first, to: hook.path, secret: hook.secret).json["status"] as? String == "applied")
            #expect(try await client.signals("group:default/platform", token: a.apiKey)[path: "ci.runs30d"] as? Int == 1)

            let late = ProviderPayloads.workflowRun(
                id: 2, repository: "acme/api", status: "completed", conclusion: "failure", created: "\(yesterday)T12:00:00Z", updated: "\(yesterday)T12:01:00Z")
            #expect(try await client.deliverGitHub(late, to: hook.path, secret: hook.secret).json["status"] as? String == "applied")
            #expect(try await client.signals("component:default/api", token: a.apiKey)[path: "ci.runs30d"] as? Int == 2, "an entity's own view is read whole")
            try await Task.sleep(for: .milliseconds(1_100))
            let group = try await client.signals("group:default/platform", token: a.apiKey)
            #expect(group[path: "ci.runs30d"] as? Int == 2)
            #expect(group[path: "ci.successRate30d"] as? Double == 0.5)
            #expect((group[path: "ci.recentRuns"] as? [Any])?.count == 2)
            #expect((group[path: "ci.latest"] as? [[String: Any]])?.map { $0["conclusion"] as? String } == ["failure"], "the late run is the latest")
        }
    }
}

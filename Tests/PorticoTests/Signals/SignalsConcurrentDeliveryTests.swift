import Foundation
import NIOCore
import Testing
@testable import PorticoApp

/// Deliveries that arrive at once are written in groups; what is stored and what each delivery is
/// told must be what the same deliveries one at a time would give.
@Suite struct SignalsConcurrentDeliveryTests {
    @Test func aBurstOfStatesAndRedeliveriesStoresEachRunOnceInItsNewestState() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([
                SignalsCatalog.component("burst-api", github: "acme/burst"),
                SignalsCatalog.component("burst-worker", github: "acme/burst"),
                SignalsCatalog.component("quiet", github: "acme/quiet"),
            ], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            // 20 runs of one workflow on main, each queued, in progress and completed in 30 s (even ids
            // fail); run 20 is the newest, and fails. Runs 1-5 are re-run: a second attempt in progress,
            // then succeeded after 90 s, replacing the first attempt's state (and its day's counts).
            var deliveries: [(id: String, run: Int, attempt: Int, status: String, body: Data, signature: String)] = []
            for run in 1...20 {
                let created = String(format: "\(ProviderPayloads.day)T10:%02d:00Z", run)
                for attempt in 1...(run <= 5 ? 2 : 1) {
                    let finished = attempt == 1
                        ? String(format: "\(ProviderPayloads.day)T10:%02d:30Z", run) : String(format: "\(ProviderPayloads.day)T10:%02d:30Z", run + 1)
                    for status in attempt == 1 ? ["queued", "in_progress", "completed"] : ["in_progress", "completed"] {
                        let conclusion = attempt == 2 || !run.isMultiple(of: 2) ? "success" : "failure"
                        let body = ProviderPayloads.workflowRun(
                            id: 1_000 + run, repository: "acme/burst", status: status, conclusion: status == "completed" ? conclusion : nil,
                            attempt: attempt, created: created, updated: finished)
                        deliveries.append((
                            "d-\(run)-\(attempt)-\(status)", run, attempt, status, body, try await SignalsTesting.githubSignature(body, secret: hook.secret)))
                    }
                }
            }
            let redelivered = deliveries.filter { $0.run <= 5 }
            let sent = (deliveries + redelivered).shuffled()
            let port = try #require(client.port)
            let answers = try await withThrowingTaskGroup(of: (String, Bool, String).self) { tasks in
                for delivery in sent {
                    tasks.addTask {
                        let answer = try await RawHTTP.send(
                            port: port, .post, hook.path,
                            headers: SignalsTesting.githubHeaders(event: "workflow_run", delivery: delivery.id, signature: delivery.signature),
                            body: ByteBuffer(bytes: delivery.body))
                        #expect(answer.status == 200, "\(answer.json)")
                        let isLastCompletion = delivery.status == "completed" && delivery.attempt == (delivery.run <= 5 ? 2 : 1)
                        return (delivery.id, isLastCompletion, answer.json["status"] as? String ?? "")
                    }
                }
                var answers: [(id: String, isLastCompletion: Bool, outcome: String)] = []
                for try await answer in tasks { answers.append(answer) }
                return answers
            }
            for (id, answered) in Dictionary(grouping: answers, by: \.id) {
                let outcomes = answered.map(\.outcome)
                #expect(outcomes.filter { $0 != "duplicate" }.count == 1, "\(id) taken once: \(outcomes)")
                #expect(outcomes.allSatisfy { ["applied", "out_of_order", "duplicate"].contains($0) }, "\(outcomes)")
            }
            let completed = answers.filter { $0.isLastCompletion && $0.outcome != "duplicate" }
            #expect(completed.count == 20)
            #expect(completed.allSatisfy { $0.outcome == "applied" }, "a last attempt's completion is newer than any earlier state")

            for name in ["burst-api", "burst-worker"] {
                let view = try await client.signals("component:default/\(name)", token: a.apiKey)
                #expect(view[path: "ci.runs30d"] as? Int == 20)
                #expect(view[path: "ci.successRate30d"] as? Double == 0.6, "runs 1-5 succeeded on their second attempt")
                #expect(view[path: "ci.medianDurationSeconds"] as? Double == 30)
                let latest = try #require(view[path: "ci.latest"] as? [[String: Any]])
                #expect(latest.count == 1)
                #expect(latest.first?["status"] as? String == "completed")
                #expect(latest.first?["url"] as? String == "https://github.com/acme/burst/actions/runs/1020")
            }
            let quiet = try await client.signals("component:default/quiet", token: a.apiKey)
            #expect(quiet[path: "ci.runs30d"] as? Int == 0)
            let failing = try #require(try await client.call(.get, "/api/signals/failing", token: a.apiKey).json["items"] as? [[String: Any]])
            #expect(Set(failing.compactMap { $0["entityRef"] as? String }) == ["component:default/burst-api", "component:default/burst-worker"])
            #expect(try await runtime.signalsDayTotals(a.id) == [20, 20], "each entity's day counts its 20 runs once")
            for (stored, recounted) in try await runtime.signalsDayTotalsBesideRecount(a.id) {
                #expect(stored == recounted, "a day's totals changed by each state as its runs recounted give them")
            }
            // 20 runs and one latest row per entity, a day's totals each, two failing entries and
            // the 70 delivery ids.
            #expect(try await runtime.signalsRowCount(a.id) == 40 + 2 + 2 + 2 + 70)
        }
    }
}

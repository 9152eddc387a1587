import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import PorticoApp
@testable import PorticoSignals

/// CI/CD deliveries in the providers' formats through the public hook URL, to the entity view.
@Suite struct SignalsWebhookTests {
    @Test func aGitHubWorkflowRunReachesEveryEntityOfItsRepository() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([
                SignalsCatalog.group("payments-team"),
                SignalsCatalog.component("payments-api", github: "acme/payments"),
                SignalsCatalog.component("payments-worker", github: "Acme/Payments"),
                SignalsCatalog.component("ledger", github: "acme/ledger"),
            ], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            let started = try await client.deliverGitHub(ProviderPayloads.workflowRun(status: "in_progress"), to: hook.path, secret: hook.secret)
            #expect(started.status == .ok, "\(started.json)")
            #expect(started.json["status"] as? String == "applied")
            #expect(started.json["entities"] as? Int == 2)
            let done = try await client.deliverGitHub(
                ProviderPayloads.workflowRun(status: "completed", conclusion: "success"), to: hook.path, secret: hook.secret)
            #expect(done.json["status"] as? String == "applied")

            for name in ["payments-api", "payments-worker"] {
                let view = try await client.signals("component:default/\(name)", token: a.apiKey)
                let latest = try #require(view[path: "ci.latest"] as? [[String: Any]])
                #expect(latest.count == 1)
                #expect(latest.first?["workflow"] as? String == "CI")
                #expect(latest.first?["branch"] as? String == "main")
                #expect(latest.first?["status"] as? String == "completed")
                #expect(latest.first?["conclusion"] as? String == "success")
                #expect(latest.first?["url"] as? String == "https://github.com/acme/payments/actions/runs/30433642")
                #expect(latest.first?["finishedAt"] as? String == "\(ProviderPayloads.day)T10:04:10Z")
                #expect(view[path: "ci.runs30d"] as? Int == 1)
                #expect(view[path: "ci.successRate30d"] as? Double == 1)
                #expect(view[path: "ci.medianDurationSeconds"] as? Double == 250)
            }
            let ledger = try await client.signals("component:default/ledger", token: a.apiKey)
            #expect((ledger[path: "ci.latest"] as? [Any])?.isEmpty == true)
            #expect(ledger[path: "ci.successRate30d"] is NSNull)
            #expect(ledger[path: "dora.changeFailureRate"] is NSNull)
            #expect(ledger[path: "cost.currency"] is NSNull)
            #expect((ledger["workloads"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aRedeliveryCountsOnce() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("checkout", github: "acme/checkout")], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            let body = ProviderPayloads.workflowRun(repository: "acme/checkout", status: "completed", conclusion: "failure")
            let first = try await client.deliverGitHub(body, to: hook.path, secret: hook.secret, delivery: "d-1")
            #expect(first.json["status"] as? String == "applied")
            let rows = try await runtime.signalsRowCount(a.id)
            let again = try await client.deliverGitHub(body, to: hook.path, secret: hook.secret, delivery: "d-1")
            #expect(again.status == .ok)
            #expect(again.json["status"] as? String == "duplicate")
            // The same run under a new delivery id (GitHub's "redeliver" sends a new id) changes nothing either.
            let redelivered = try await client.deliverGitHub(body, to: hook.path, secret: hook.secret, delivery: "d-2")
            #expect(redelivered.json["status"] as? String == "out_of_order")
            #expect(try await runtime.signalsRowCount(a.id) == rows + 1, "only the new delivery id is remembered")
            let view = try await client.signals("component:default/checkout", token: a.apiKey)
            #expect(view[path: "ci.runs30d"] as? Int == 1)
            #expect(view[path: "ci.successRate30d"] as? Double == 0)
        }
    }

    /// Delivery ids are kept per UTC day and looked up in each of the last 8 days.
    @Test func aRedeliveryDaysLaterIsADuplicateUntilItsIdIsForgotten() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("checkout", github: "acme/checkout")], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            let body = ProviderPayloads.workflowRun(repository: "acme/checkout", status: "completed", conclusion: "success")
            #expect(try await client.deliverGitHub(body, to: hook.path, secret: hook.secret, delivery: "d-1").json["status"] as? String == "applied")
            @Sendable func ageDeliveryIDs(days: Int) async throws {
                try await runtime.database.withTenantTransaction(a.id) { connection in
                    try await connection.execute(
                        "UPDATE signals SET at = at - make_interval(days => \(days)::int) WHERE part = \(SignalPart.delivery.rawValue)", logger: runtime.logger)
                }
            }
            try await ageDeliveryIDs(days: 7)
            let weekLater = try await client.deliverGitHub(body, to: hook.path, secret: hook.secret, delivery: "d-1")
            #expect(weekLater.json["status"] as? String == "duplicate")
            try await ageDeliveryIDs(days: 1)
            let forgotten = try await client.deliverGitHub(body, to: hook.path, secret: hook.secret, delivery: "d-1")
            #expect(forgotten.json["status"] as? String == "out_of_order", "the id is past the 8 days; the run's state is stored already")
        }
    }

    @Test func aCompletedRunIsNotOverwrittenByItsLateInProgress() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("search", github: "acme/search")], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            let completed = try await client.deliverGitHub(
                ProviderPayloads.workflowRun(repository: "acme/search", status: "completed", conclusion: "success"), to: hook.path, secret: hook.secret)
            #expect(completed.json["status"] as? String == "applied")
            let late = try await client.deliverGitHub(
                ProviderPayloads.workflowRun(repository: "acme/search", status: "in_progress"), to: hook.path, secret: hook.secret)
            #expect(late.json["status"] as? String == "out_of_order")
            let queued = try await client.deliverGitHub(
                ProviderPayloads.workflowRun(repository: "acme/search", status: "queued"), to: hook.path, secret: hook.secret)
            #expect(queued.json["status"] as? String == "out_of_order")
            let view = try await client.signals("component:default/search", token: a.apiKey)
            let latest = try #require((view[path: "ci.latest"] as? [[String: Any]])?.first)
            #expect(latest["status"] as? String == "completed")
            #expect(latest["conclusion"] as? String == "success")
            // A re-run (attempt 2) is newer than the first attempt's completion.
            let rerun = try await client.deliverGitHub(
                ProviderPayloads.workflowRun(repository: "acme/search", status: "in_progress", attempt: 2), to: hook.path, secret: hook.secret)
            #expect(rerun.json["status"] as? String == "applied")
            let after = try await client.signals("component:default/search", token: a.apiKey)
            #expect((after[path: "ci.latest"] as? [[String: Any]])?.first?["status"] as? String == "in_progress")
        }
    }

    @Test func aFailedDefaultBranchRunIsFailingUntilTheNextSuccess() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("billing", github: "acme/billing")], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            _ = try await client.deliverGitHub(ProviderPayloads.workflowRun(
                id: 1, repository: "acme/billing", status: "completed", conclusion: "failure", created: "\(ProviderPayloads.day)T10:00:00Z"),
                to: hook.path, secret: hook.secret)
            _ = try await client.deliverGitHub(ProviderPayloads.workflowRun(
                id: 2, repository: "acme/billing", branch: "feature", status: "completed", conclusion: "failure", created: "\(ProviderPayloads.day)T11:00:00Z"),
                to: hook.path, secret: hook.secret)
            let failing = try await client.call(.get, "/api/signals/failing", token: a.apiKey)
            #expect(failing.status == .ok)
            let items = try #require(failing.json["items"] as? [[String: Any]])
            #expect(items.count == 1, "only the default branch's failure: \(items)")
            #expect(items.first?["entityRef"] as? String == "component:default/billing")
            #expect(items.first?["source"] as? String == "ci")
            #expect(items.first?["since"] as? String == "\(ProviderPayloads.day)T10:04:10Z")
            _ = try await client.deliverGitHub(ProviderPayloads.workflowRun(
                id: 3, repository: "acme/billing", status: "completed", conclusion: "success", created: "\(ProviderPayloads.day)T12:00:00Z"),
                to: hook.path, secret: hook.secret)
            let cleared = try await client.call(.get, "/api/signals/failing", token: a.apiKey)
            #expect((cleared.json["items"] as? [Any])?.isEmpty == true)
            let view = try await client.signals("component:default/billing", token: a.apiKey)
            #expect((view[path: "ci.latest"] as? [Any])?.count == 2, "main and feature")
            #expect(view[path: "ci.successRate30d"] as? Double == 1.0 / 3)
        }
    }

    @Test func aGitLabPipelineWithItsTokenIsStoredAndABadTokenIsNot() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("ledger", gitlab: "acme/ledger")], token: a.apiKey)
            let hook = try await client.createHook("gitlab", token: a.apiKey)
            let refused = try await client.deliverGitLab(ProviderPayloads.gitlabPipeline(status: "failed"), to: hook.path, token: "not-the-token")
            #expect(refused.status == .unauthorized)
            #expect(refused.code == "invalid_signature")
            #expect(try await runtime.signalsRowCount(a.id) == 0)
            let running = try await client.deliverGitLab(ProviderPayloads.gitlabPipeline(status: "running"), to: hook.path, token: hook.secret)
            #expect(running.json["status"] as? String == "applied", "\(running.json)")
            let done = try await client.deliverGitLab(ProviderPayloads.gitlabPipeline(status: "failed"), to: hook.path, token: hook.secret)
            #expect(done.json["status"] as? String == "applied")
            let view = try await client.signals("component:default/ledger", token: a.apiKey)
            let latest = try #require((view[path: "ci.latest"] as? [[String: Any]])?.first)
            #expect(latest["workflow"] as? String == "pipeline")
            #expect(latest["conclusion"] as? String == "failure")
            #expect(latest["finishedAt"] as? String == "\(ProviderPayloads.day)T11:02:00Z")
            #expect(view[path: "ci.medianDurationSeconds"] as? Double == 100)
            let other = try await client.deliverGitLab(Data(#"{"object_kind":"push"}"#.utf8), to: hook.path, token: hook.secret, event: "Push Hook")
            #expect(other.status == .accepted)
            #expect(other.json["status"] as? String == "ignored")
        }
    }

    @Test func genericDeployRunsGiveTheDORAMeasures() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("orders")], token: a.apiKey)
            let hook = try await client.createHook("generic", token: a.apiKey)
            let now = Date()
            func run(_ id: String, conclusion: String, hoursAgo: Double) -> Data {
                let finished = now.addingTimeInterval(-hoursAgo * 3_600)
                let json: [String: Any] = [
                    "entityRef": "component:default/orders", "runId": id, "workflow": "deploy production", "branch": "main",
                    "status": "completed", "conclusion": conclusion, "deployment": true,
                    "createdAt": finished.addingTimeInterval(-600).formatted(.iso8601), "finishedAt": finished.formatted(.iso8601),
                    "commitAt": finished.addingTimeInterval(-4 * 3_600).formatted(.iso8601),
                ]
                return try! JSONSerialization.data(withJSONObject: json)
            }
            for (index, conclusion) in ["success", "success", "failure", "success"].enumerated() {
                let body = run("d\(index)", conclusion: conclusion, hoursAgo: Double(index + 1) * 24)
                var headers: HTTPFields = [:]
                headers[HTTPField.Name("X-Hub-Signature-256")!] = try await SignalsTesting.githubSignature(body, secret: hook.secret)
                headers[.contentType] = "application/json"
                let delivered = try await client.execute(uri: hook.path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
                #expect(delivered.status == .ok, "\(delivered.json)")
            }
            let view = try await client.signals("component:default/orders", token: a.apiKey)
            #expect(view[path: "dora.deployments30d"] as? Int == 4)
            #expect(abs((view[path: "dora.deploymentsPerWeek"] as? Double ?? 0) - 28.0 / 30) < 1e-9)
            #expect(view[path: "dora.changeFailureRate"] as? Double == 0.25)
            #expect(view[path: "dora.leadTimeHours"] as? Double == 4)
        }
    }
}

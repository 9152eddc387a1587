import Foundation
import HummingbirdTesting
import PorticoCore
import PorticoProvisioning
import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoSignals

/// Secrets at rest, plan limits, retention and tenant deletion.
@Suite struct SignalsLifecycleTests {
    @Test func secretsAndTokensAreStoredSealed() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            let hook = try await client.createHook("github", token: a.apiKey)
            let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6InNhLXRva2VuIn0.cluster-token-\(UUID())"
            let cluster = try await client.call(.post, "/api/signals/clusters", token: a.apiKey,
                                                json: ["name": "prod", "apiUrl": "https://k8s.example.com", "token": token])
            #expect(cluster.status == .created)
            #expect(!String(buffer: cluster.body).contains(token))
            var stored: [Data] = []
            for try await bytes in try await runtime.database.query("""
                SELECT sealed_secret FROM control.signals_hooks WHERE tenant_id = \(a.id.uuid)
                UNION ALL SELECT sealed_token FROM control.signals_clusters WHERE tenant_id = \(a.id.uuid)
                """).decode(Data.self) {
                stored.append(bytes)
            }
            #expect(stored.count == 2)
            #expect(!stored.contains { $0.range(of: Data(hook.secret.utf8)) != nil || $0.range(of: Data(token.utf8)) != nil })
            let listed = try await client.call(.get, "/api/signals/webhooks", token: a.apiKey)
            #expect(!String(buffer: listed.body).contains(hook.secret), "the secret is shown once")
        }
    }

    @Test func thePlanLimitsHooksAndClusters() async throws {
        try await TestDatabase.withShared(overrides: SignalsTesting.overrides) { runtime in
            let free = try await TestTenants.create(runtime, plan: "free")
            try await LiveServer.with(runtime) { client in
                for _ in 0..<3 { _ = try await client.createHook("gitlab", token: free.apiKey) }
                let fourth = try await client.call(.post, "/api/signals/webhooks", token: free.apiKey, json: ["provider": "github"])
                #expect(fourth.status == .forbidden)
                #expect(fourth.code == "plan_limit_reached")
                #expect(try await client.call(.post, "/api/signals/clusters", token: free.apiKey, json: ["name": "one", "mode": "push"]).status == .created)
                let second = try await client.call(.post, "/api/signals/clusters", token: free.apiKey, json: ["name": "two", "mode": "push"])
                #expect(second.code == "plan_limit_reached")
            }
        }
    }

    @Test func retentionDeletesRunsPastThePlanButKeepsDailyTotals() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("payments", github: "acme/payments")], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            let old = Date().addingTimeInterval(-100 * 86_400).formatted(.iso8601)
            let recent = Date().addingTimeInterval(-86_400).formatted(.iso8601)
            for (id, created) in [(1, old), (2, recent)] {
                let body = ProviderPayloads.workflowRun(id: id, status: "completed", conclusion: "success", created: created, updated: created)
                #expect(try await client.deliverGitHub(body, to: hook.path, secret: hook.secret).json["status"] as? String == "applied")
            }
            func count(_ part: SignalPart) async throws -> Int {
                try await runtime.database.withTenantTransaction(a.id) { connection in
                    var count = 0
                    for try await value in try await connection.query(
                        "SELECT count(*)::int FROM signals WHERE part = \(part.rawValue)", logger: runtime.logger).decode(Int.self) {
                        count = value
                    }
                    return count
                }
            }
            #expect(try await count(.run) == 2)
            #expect(try await count(.ciDay) == 2)
            let entitlements = runtime.plans.entitlements(plan: "team", rateLimitOverride: nil)
            try await SignalsRetention(database: runtime.database).apply(for: a.id, entitlements: entitlements)
            #expect(try await count(.run) == 1, "the team plan keeps 90 days of runs")
            #expect(try await count(.ciDay) == 2, "and 395 days of daily totals")
        }
    }

    @Test func deletingATenantRemovesItsHooksAndClusters() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            let hook = try await client.createHook("github", token: a.apiKey)
            #expect(try await client.call(.post, "/api/signals/clusters", token: a.apiKey, json: ["name": "edge", "mode": "push"]).status == .created)
            #expect(try await client.call(.put, "/api/signals/settings", token: a.apiKey, json: ["costEntityTag": "team"]).status == .ok)
            let service = runtime.testTenantService()
            let actor = try await ProvisioningDeletionRaceTests.someOperator(runtime)
            _ = try await service.delete(a.slug, by: actor)
            try await service.destroy(a.id)
            var left = -1
            for try await count in try await runtime.database.query("""
                SELECT (SELECT count(*) FROM control.signals_hooks WHERE tenant_id = \(a.id.uuid))
                     + (SELECT count(*) FROM control.signals_clusters WHERE tenant_id = \(a.id.uuid))
                     + (SELECT count(*) FROM control.signals_tenants WHERE tenant_id = \(a.id.uuid))
                """).decode(Int.self) {
                left = count
            }
            #expect(left == 0)
            let delivery = try await client.deliverGitHub(ProviderPayloads.workflowRun(status: "queued"), to: hook.path, secret: hook.secret)
            #expect(delivery.status == .notFound)
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import PorticoApp

/// Tenant B's hook URL writes only into B; B reads none of A's signals, hooks or clusters by any
/// route, and cannot change them.
@Suite struct SignalsIsolationTests {
    @Test func tenantsCannotReachEachOthersSignals() async throws {
        try await SignalsTesting.with { runtime, client, a, b in
            let catalog = [SignalsCatalog.component("payments", github: "acme/payments")]
            try await client.pushSignalsCatalog(catalog, token: a.apiKey)
            let aHook = try await client.createHook("github", token: a.apiKey)
            let failed = ProviderPayloads.workflowRun(status: "completed", conclusion: "failure")
            #expect(try await client.deliverGitHub(failed, to: aHook.path, secret: aHook.secret).json["status"] as? String == "applied")
            let day = ProviderPayloads.day
            let csv = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,ResourceId,Tags\n"
                + #"\#(day)T00:00:00Z,\#(day)T23:59:59Z,9,9,USD,Amazon RDS,db-1,"{""backstage-entity"":""payments""}""#
            #expect(try await client.call(.post, "/api/signals/costs", token: a.apiKey, rawBody: csv, headers: [.contentType: "text/csv"]).status == .ok)
            #expect(try await client.call(.post, "/api/signals/clusters", token: a.apiKey, json: ["name": "a-cluster", "mode": "push"]).status == .created)
            let aRows = try await runtime.signalsRowCount(a.id)
            let aView = String(buffer: try await client.call(.get, "/api/signals/entities/component/default/payments", token: a.apiKey).body)

            // B's hook, signed with B's secret, carrying A's repository: nothing lands in A.
            try await client.pushSignalsCatalog([SignalsCatalog.component("payments")], token: b.apiKey)
            let bHook = try await client.createHook("github", token: b.apiKey)
            let bDelivery = try await client.deliverGitHub(ProviderPayloads.workflowRun(id: 99, status: "completed", conclusion: "success"),
                                                           to: bHook.path, secret: bHook.secret)
            #expect(bDelivery.json["status"] as? String == "unmapped")
            // B's secret on A's hook URL is refused.
            #expect(try await client.deliverGitHub(failed, to: aHook.path, secret: bHook.secret).status == .unauthorized)

            // B reads nothing of A's by any route.
            let bView = try await client.signals("component:default/payments", token: b.apiKey)
            #expect((bView[path: "ci.latest"] as? [Any])?.isEmpty == true)
            #expect(bView[path: "cost.last30Days"] as? Double == 0)
            #expect((try await client.call(.get, "/api/signals/failing", token: b.apiKey).json["items"] as? [Any])?.isEmpty == true)
            #expect((try await client.call(.get, "/api/signals/webhooks", token: b.apiKey).json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [bHook.id])
            #expect((try await client.call(.get, "/api/signals/clusters", token: b.apiKey).json["items"] as? [Any])?.isEmpty == true)
            #expect(try await client.call(.get, "/api/signals/clusters/a-cluster/selectors", token: b.apiKey).status == .notFound)
            #expect(try await client.call(.get, "/api/signals/settings", token: b.apiKey).json["costEntityTag"] as? String == "backstage-entity")

            // B changes nothing of A's.
            #expect(try await client.call(.post, "/api/signals/webhooks/\(aHook.id)/rotate", token: b.apiKey).status == .notFound)
            #expect(try await client.call(.delete, "/api/signals/webhooks/\(aHook.id)", token: b.apiKey).status == .notFound)
            #expect(try await client.call(.delete, "/api/signals/clusters/a-cluster", token: b.apiKey).status == .notFound)
            let push = try await client.call(.post, "/api/signals/clusters/a-cluster/workloads", token: b.apiKey, json: ["entities": [:] as [String: Any]])
            #expect(push.status == .notFound)
            #expect(try await client.call(.put, "/api/signals/settings", token: b.apiKey, json: ["costEntityTag": "team"]).status == .ok)

            #expect(try await runtime.signalsRowCount(a.id) == aRows)
            #expect(String(buffer: try await client.call(.get, "/api/signals/entities/component/default/payments", token: a.apiKey).body) == aView)
            #expect(try await client.call(.get, "/api/signals/settings", token: a.apiKey).json["costEntityTag"] as? String == "backstage-entity")
            #expect(try await client.deliverGitHub(failed, to: aHook.path, secret: aHook.secret).status == .ok, "A's hook still works")
        }
    }

    @Test func scopesAreEnforced() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            let reader = try await client.issueKey(scopes: ["signals:read"], token: a.apiKey)
            let writer = try await client.issueKey(scopes: ["signals:write"], token: a.apiKey)
            #expect(try await client.call(.post, "/api/signals/webhooks", token: reader, json: ["provider": "github"]).code == "insufficient_scope")
            #expect(try await client.call(.get, "/api/signals/failing", token: writer).code == "insufficient_scope")
            #expect(try await client.call(.get, "/api/signals/failing", token: reader).status == .ok)
            #expect(try await client.call(.post, "/api/signals/webhooks", token: writer, json: ["provider": "gitlab"]).status == .created)
        }
    }
}

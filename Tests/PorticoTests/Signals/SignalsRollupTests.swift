import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import PorticoApp
@testable import PorticoSignals

/// Systems, domains and groups (with sub-groups) sum what they hold or own.
@Suite struct SignalsRollupTests {
    @Test func aGroupSumsWhatItAndItsSubGroupsOwnAndASystemItsParts() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            try await client.pushSignalsCatalog([
                SignalsCatalog.group("commerce"),
                SignalsCatalog.group("payments-team", parent: "commerce"),
                SignalsCatalog.group("checkout-team", parent: "commerce"),
                SignalsCatalog.group("elsewhere"),
                SignalsCatalog.domain("money", owner: "commerce"),
                SignalsCatalog.system("payments-system", owner: "payments-team", domain: "money"),
                SignalsCatalog.component("payments", owner: "payments-team", system: "payments-system", github: "acme/payments"),
                SignalsCatalog.component("checkout", owner: "checkout-team", github: "acme/checkout"),
                SignalsCatalog.component("search", owner: "elsewhere", github: "acme/search"),
            ], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            for (index, repository) in ["acme/payments", "acme/checkout", "acme/search"].enumerated() {
                let body = ProviderPayloads.workflowRun(id: 100 + index, repository: repository, workflow: "Deploy", status: "completed",
                                                        conclusion: repository == "acme/checkout" ? "failure" : "success")
                #expect(try await client.deliverGitHub(body, to: hook.path, secret: hook.secret).json["status"] as? String == "applied")
            }
            let day = ProviderPayloads.day
            let csv = (["ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,ResourceId,Tags"] + [
                ("payments", "10"), ("checkout", "5"), ("search", "100"), ("group:default/checkout-team", "1"),
            ].map { #"\#(day)T00:00:00Z,\#(day)T23:59:59Z,\#($0.1),\#($0.1),USD,Compute,\#($0.0),"{""backstage-entity"":""\#($0.0)""}""# })
                .joined(separator: "\n")
            #expect(try await client.call(.post, "/api/signals/costs", token: a.apiKey, rawBody: csv, headers: [.contentType: "text/csv"]).json["mapped"] as? Int == 4)

            let group = try await client.signals("group:default/commerce", token: a.apiKey)
            #expect(group["entityRef"] as? String == "group:default/commerce")
            #expect(group[path: "cost.last30Days"] as? Double == 16, "payments, checkout and the checkout team itself; not search")
            #expect(group[path: "dora.deployments30d"] as? Int == 2)
            #expect(group[path: "dora.changeFailureRate"] as? Double == 0.5)
            let entities = try #require(group[path: "rollup.entities"] as? [String])
            #expect(entities.contains("component:default/payments") && entities.contains("component:default/checkout"))
            #expect(!entities.contains("component:default/search"))
            let teams = try #require(group[path: "rollup.teams"] as? [[String: Any]])
            #expect(teams.map { $0["group"] as? String } == ["group:default/checkout-team", "group:default/commerce", "group:default/payments-team"])
            let payments = try #require(teams.first { $0["group"] as? String == "group:default/payments-team" })
            #expect(payments["cost30Days"] as? Double == 10)
            #expect(payments["deployments30d"] as? Int == 1)

            let system = try await client.signals("system:default/payments-system", token: a.apiKey)
            #expect(system[path: "cost.last30Days"] as? Double == 10)
            #expect(system[path: "rollup.entities"] as? [String] == ["component:default/payments"])
            #expect((system[path: "rollup.teams"] as? [Any])?.isEmpty == true)
            let domain = try await client.signals("domain:default/money", token: a.apiKey)
            #expect(domain[path: "rollup.entities"] as? [String] == ["component:default/payments", "system:default/payments-system"])
            #expect(domain[path: "ci.successRate30d"] as? Double == 1)
            let component = try await client.signals("component:default/payments", token: a.apiKey)
            #expect(component["rollup"] == nil)
        }
    }

    /// Past `SignalsReader.customPlanAbove` entities a view's statement is planned for its scopes
    /// (another plan, same statement): its figures must be those a small rollup would give.
    @Test func aGroupOfMoreThanFiveHundredEntitiesSumsTheSameWay() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            let count = SignalsReader.customPlanAbove + 20
            let components = (0..<count).map { SignalsCatalog.component("service-\($0)", owner: "platform", github: "acme/service-\($0)") }
            try await client.pushSignalsCatalog([SignalsCatalog.group("platform")] + components, token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            for (index, service) in [3, 250, count - 1].enumerated() {
                let body = ProviderPayloads.workflowRun(id: 500 + index, repository: "acme/service-\(service)", workflow: "Deploy", status: "completed",
                                                        conclusion: index == 0 ? "failure" : "success")
                #expect(try await client.deliverGitHub(body, to: hook.path, secret: hook.secret).json["status"] as? String == "applied")
            }
            let group = try await client.signals("group:default/platform", token: a.apiKey)
            #expect((group[path: "rollup.entities"] as? [String])?.count == count)
            #expect(group[path: "ci.runs30d"] as? Int == 3)
            #expect(group[path: "ci.successRate30d"] as? Double == 2.0 / 3)
            #expect(group[path: "dora.deployments30d"] as? Int == 3)
            #expect((group[path: "ci.latest"] as? [Any])?.count == 3)
            let teams = try #require(group[path: "rollup.teams"] as? [[String: Any]])
            #expect(teams.count == 1)
            #expect(teams.first?["entities"] as? Int == count)
            #expect(teams.first?["deployments30d"] as? Int == 3)
        }
    }
}

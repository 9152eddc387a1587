import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoAika
@testable import PorticoApp

@Suite struct AikaSmokeTests {
    @Test func catalogQuestionsAreAnsweredExactlyAndOthersFromPassages() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                try await client.pushCatalog(AikaCatalog.payments, token: tenant.apiKey)
                let report = try await runtime.syncAikaCatalog(tenant.id)
                #expect(report.indexed == AikaCatalog.payments.count)

                let owner = try await client.ask("Who owns the payments service?", token: tenant.apiKey)
                #expect(owner.status == .ok, "\(owner.json)")
                #expect(owner.json["answered"] as? Bool == true)
                #expect(owner.json["mode"] as? String == "catalog")
                #expect((owner.json["answer"] as? String)?.contains("group:default/payments-team") == true, "\(owner.json)")

                let consumed = try await client.ask("Which APIs does checkout consume?", token: tenant.apiKey)
                #expect((consumed.json["answer"] as? String)?.contains("api:default/ledger-api, api:default/payments-api") == true, "\(consumed.json)")

                let owned = try await client.ask("What does team payments-team own?", token: tenant.apiKey)
                let ownedAnswer = owned.json["answer"] as? String ?? ""
                for ref in ["component:default/payments", "api:default/payments-api", "api:default/ledger-api"] {
                    #expect(ownedAnswer.contains(ref), "\(owned.json)")
                }

                let settled = try await client.ask("When does payments settle with the acquirer?", token: tenant.apiKey)
                #expect(settled.json["answered"] as? Bool == true, "\(settled.json)")
                let citations = settled.json["citations"] as? [[String: Any]] ?? []
                #expect(citations.first?["entityRef"] as? String == "component:default/payments", "\(settled.json)")

                let unknown = try await client.ask("What is the parental leave policy in the Lisbon office?", token: tenant.apiKey)
                #expect(unknown.json["answered"] as? Bool == false, "\(unknown.json)")

                let answerID = try #require(settled.json["answerId"] as? String)
                let feedback = try await client.call(.post, "/api/aika/answers/\(answerID)/feedback", token: tenant.apiKey, json: ["helpful": true])
                #expect(feedback.status == .noContent, "\(feedback.json)")
            }
        }
    }
}

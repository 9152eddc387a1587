import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Tenant B tries every AiKA route on tenant A's knowledge, answers and settings, and gets
/// nothing of A's.
@Suite struct AikaIsolationTests {
    @Test func anotherTenantReachesNothingOfTheFirstTenantsKnowledge() async throws {
        try await TestDatabase.withShared { runtime in
            let a = try await TestTenants.create(runtime, plan: "enterprise")
            let b = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                try await client.pushCatalog(AikaCatalog.payments, token: a.apiKey)
                try await runtime.syncAikaCatalog(a.id)
                try await runtime.syncAikaCatalog(b.id)
                // The same document in both tenants, and one only A has.
                for tenant in [a, b] {
                    _ = try await client.putDocument("on-call", title: "On-call handbook", body: AikaDocuments.onCall, token: tenant.apiKey)
                }
                _ = try await client.putDocument("settlement", title: "Payments settlement", body: AikaDocuments.settlement, token: a.apiKey)
                let aAnswer = try await client.ask("When does the settlement batch run?", token: a.apiKey)
                #expect(aAnswer.json["answered"] as? Bool == true, "\(aAnswer.json)")
                let aAnswerID = try #require(aAnswer.json["answerId"] as? String)
                let aConversation = try #require(aAnswer.json["conversationId"] as? String)

                // Asking and searching: nothing of A's, even for A's own words.
                let bAnswer = try await client.ask("When does the settlement batch run?", token: b.apiKey)
                #expect(bAnswer.json["answered"] as? Bool == false, "\(bAnswer.json)")
                #expect(!"\(bAnswer.json)".contains("settlement:"), "\(bAnswer.json)")
                let owner = try await client.ask("Who owns payments?", token: b.apiKey)
                #expect(!"\(owner.json)".contains("payments-team"), "\(owner.json)")
                let search = try await client.call(.get, "/api/aika/search?q=settlement%20batch%20acquirer", token: b.apiKey)
                #expect((search.json["items"] as? [[String: Any]])?.isEmpty == true, "\(search.json)")
                let shared = try await client.call(.get, "/api/aika/search?q=handover%20channel", token: b.apiKey)
                let sharedItems = shared.json["items"] as? [[String: Any]] ?? []
                #expect(sharedItems.count == 1 && sharedItems.allSatisfy { $0["sourceId"] as? String == "document:on-call" }, "\(shared.json)")

                // Documents.
                #expect((try await client.call(.get, "/api/aika/documents/settlement", token: b.apiKey)).status == .notFound)
                #expect((try await client.call(.delete, "/api/aika/documents/settlement", token: b.apiKey)).status == .notFound)
                let listed = try await client.call(.get, "/api/aika/documents", token: b.apiKey)
                #expect((listed.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["on-call"])
                let emptySet = try await client.call(.put, "/api/aika/providers/handbook/documents", token: b.apiKey, json: ["documents": []])
                #expect(emptySet.json["deleted"] as? Int == 0, "\(emptySet.json)")

                // Answers, conversations, feedback.
                let feedback = try await client.call(.post, "/api/aika/answers/\(aAnswerID)/feedback", token: b.apiKey, json: ["helpful": false])
                #expect(feedback.status == .notFound, "\(feedback.json)")
                let followUp = try await client.ask("and on weekends?", conversation: aConversation, token: b.apiKey)
                #expect(followUp.status == .notFound, "\(followUp.json)")

                // Gaps, stale documents, reports and settings: B's own two questions only.
                let gaps = try await client.call(.get, "/api/aika/gaps", token: b.apiKey)
                #expect(!"\(gaps.json)".contains("document:settlement") && !"\(gaps.json)".contains("payments-team"), "\(gaps.json)")
                #expect((gaps.json["items"] as? [[String: Any]])?.reduce(0) { $0 + ($1["questions"] as? Int ?? 0) } == 2, "\(gaps.json)")
                let stale = try await client.call(.get, "/api/aika/stale-documents", token: b.apiKey)
                #expect((stale.json["items"] as? [[String: Any]])?.isEmpty == true, "\(stale.json)")
                let reports = try await client.call(.get, "/api/aika/reports", token: b.apiKey)
                #expect(reports.json["questions"] as? Int == 2, "\(reports.json)")
                #expect(!"\(reports.json)".contains("document:settlement"), "\(reports.json)")
                _ = try await client.call(.put, "/api/aika/settings", token: a.apiKey, json: ["staleAfterDays": 7])
                let bSettings = try await client.call(.get, "/api/aika/settings", token: b.apiKey)
                #expect(bSettings.json["staleAfterDays"] as? Int == 180, "\(bSettings.json)")

                // A's knowledge is unharmed.
                let still = try await client.ask("When does the settlement batch run?", token: a.apiKey)
                #expect(still.json["answered"] as? Bool == true, "\(still.json)")
            }
        }
    }

    @Test func aikaNeedsItsPlanAndScopes() async throws {
        try await TestDatabase.withShared { runtime in
            let team = try await TestTenants.create(runtime, plan: "team")
            let enterprise = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let notInPlan = try await client.ask("Who owns payments?", token: team.apiKey)
                #expect(notInPlan.status == .forbidden, "\(notInPlan.json)")
                let readOnly = try await client.issueKey(scopes: ["catalog:read"], token: enterprise.apiKey)
                #expect((try await client.ask("Who owns payments?", token: readOnly)).status == .forbidden)
                let asker = try await client.issueKey(scopes: ["aika:ask"], token: enterprise.apiKey)
                #expect((try await client.ask("Who owns payments?", token: asker)).status == .ok)
                for (method, path) in [(HTTPRequest.Method.get, "/api/aika/settings"), (.get, "/api/aika/gaps"), (.get, "/api/aika/reports"),
                                       (.get, "/api/aika/stale-documents")] {
                    #expect((try await client.call(method, path, token: asker)).status == .forbidden, "\(path)")
                }
                let write = try await client.putDocument("x", title: "x", body: "y", token: asker)
                #expect(write.status == .forbidden, "\(write.json)")
            }
        }
    }
}

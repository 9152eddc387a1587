import Foundation
import HummingbirdTesting
import PostgresNIO
import Testing
@testable import PorticoAika
@testable import PorticoApp

/// Unanswered and unhelpful questions become gaps routed to the catalog's owners; documents that
/// unhelpful answers cite are reported stale; the reports count it all.
@Suite struct AikaClosingLoopTests {
    @Test func gapsAreRoutedToTheOwnerOfTheClosestSource() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                try await client.pushCatalog(AikaCatalog.payments, token: tenant.apiKey)
                try await runtime.syncAikaCatalog(tenant.id)
                let put = try await client.putDocument(
                    "settlement", title: "Payments settlement", body: AikaDocuments.settlement, entityRef: "component:payments",
                    token: tenant.apiKey)
                #expect(put.status == .ok, "\(put.json)")
                let document = try await client.call(.get, "/api/aika/documents/settlement", token: tenant.apiKey)
                #expect(document.json["owner"] as? String == "group:default/payments-team", "\(document.json)")

                let unanswered = try await client.ask("Which currency does the settlement batch use for Brazilian reais?", token: tenant.apiKey)
                #expect(unanswered.json["answered"] as? Bool == false, "\(unanswered.json)")
                let answered = try await client.ask("When does the nightly settlement batch run?", token: tenant.apiKey)
                #expect(answered.json["answered"] as? Bool == true, "\(answered.json)")
                let answerID = try #require(answered.json["answerId"] as? String)
                let feedback = try await client.call(
                    .post, "/api/aika/answers/\(answerID)/feedback", token: tenant.apiKey, json: ["helpful": false, "comment": "It moved to 03:00"])
                #expect(feedback.status == .noContent)

                let gaps = try await client.call(.get, "/api/aika/gaps?owner=group:default/payments-team", token: tenant.apiKey)
                #expect(gaps.status == .ok, "\(gaps.json)")
                let items = gaps.json["items"] as? [[String: Any]] ?? []
                #expect(items.reduce(0) { $0 + ($1["questions"] as? Int ?? 0) } == 2, "\(gaps.json)")
                #expect(items.allSatisfy { $0["owner"] as? String == "group:default/payments-team" }, "\(gaps.json)")
                #expect(items.reduce(0) { $0 + ($1["unhelpful"] as? Int ?? 0) } == 1, "\(gaps.json)")
                let elsewhere = try await client.call(.get, "/api/aika/gaps?owner=group:default/checkout-team", token: tenant.apiKey)
                #expect((elsewhere.json["items"] as? [[String: Any]])?.isEmpty == true, "\(elsewhere.json)")

                let stale = try await client.call(.get, "/api/aika/stale-documents", token: tenant.apiKey)
                let staleItems = stale.json["items"] as? [[String: Any]] ?? []
                #expect(staleItems.first?["sourceId"] as? String == "document:settlement", "\(stale.json)")
                #expect((staleItems.first?["reasons"] as? [String])?.contains("cited_by_unhelpful_answers") == true, "\(stale.json)")

                let reports = try await client.call(.get, "/api/aika/reports?days=7", token: tenant.apiKey)
                #expect(reports.json["questions"] as? Int == 2, "\(reports.json)")
                #expect(reports.json["answeredRate"] as? Double == 0.5, "\(reports.json)")
                #expect(reports.json["helpfulRate"] as? Double == 0, "\(reports.json)")
                let cited = reports.json["topCitedSources"] as? [[String: Any]] ?? []
                #expect(cited.first?["sourceId"] as? String == "document:settlement", "\(reports.json)")
                #expect((try await client.call(.get, "/api/aika/reports?days=0", token: tenant.apiKey)).status == .badRequest)
            }
        }
    }
}

@Suite struct AikaSettingsTests {
    static let sealingKey = Data((0..<32).map { UInt8($0) }).base64EncodedString()

    @Test func modelKeysAreSealedNeverReturnedAndKeptOnlyForTheirURL() async throws {
        try await TestDatabase.withShared(overrides: ["aika.keyEncryptionKey": Self.sealingKey]) { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let secret = "sk-test-\(UUID().uuidString)"
                let set = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: [
                    "chat": ["baseUrl": "https://models.example/v1", "model": "gpt-test", "apiKey": secret],
                ])
                #expect(set.status == .ok, "\(set.json)")
                #expect((set.json["chat"] as? [String: Any])?["apiKeySet"] as? Bool == true)
                #expect(!String(buffer: set.body).contains(secret))
                let read = try await client.call(.get, "/api/aika/settings", token: tenant.apiKey)
                #expect(!String(buffer: read.body).contains(secret))
                let stored = try await runtime.database.query(
                    "SELECT encode(chat_key, 'escape') FROM control.aika_tenants WHERE tenant_id = \(tenant.id.uuid)")
                for try await sealed in stored.decode(String.self) { #expect(!sealed.contains(secret)) }

                let sameURL = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: [
                    "chat": ["baseUrl": "https://models.example/v1", "model": "gpt-other"],
                ])
                #expect((sameURL.json["chat"] as? [String: Any])?["apiKeySet"] as? Bool == true, "\(sameURL.json)")
                let otherURL = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: [
                    "chat": ["baseUrl": "https://attacker.example/v1", "model": "gpt-other"],
                ])
                #expect((otherURL.json["chat"] as? [String: Any])?["apiKeySet"] as? Bool == false, "\(otherURL.json)")
                let removed = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: ["chat": NSNull()])
                #expect(removed.json["chat"] == nil || removed.json["chat"] is NSNull, "\(removed.json)")

                for bad: [String: Any] in [
                    ["chat": ["baseUrl": "ftp://x", "model": "m"]], ["chat": ["baseUrl": "https://u:p@x.example", "model": "m"]],
                    ["chat": ["baseUrl": "https://x.example", "model": ""]], ["staleAfterDays": 0], ["staleAfterDays": NSNull()], ["temperature": 1],
                ] {
                    let refused = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: bad)
                    #expect(refused.status == .unprocessableContent, "\(bad): \(refused.json)")
                }
            }
        }
    }

    @Test func withoutAnOperatorKeyNoModelKeyIsStored() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let refused = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: [
                    "chat": ["baseUrl": "https://models.example", "model": "m", "apiKey": "sk-1"],
                ])
                #expect(refused.status == .conflict, "\(refused.json)")
                #expect(refused.json["code"] as? String == "key_storage_unavailable")
                let keyless = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: [
                    "chat": ["baseUrl": "http://localhost:11434", "model": "llama3"],
                ])
                #expect(keyless.status == .ok, "\(keyless.json)")
            }
        }
    }
}

@Suite struct AikaQuestionRetentionTests {
    @Test func questionsPastTheRetentionAreDeletedAndNewerOnesKept() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                _ = try await client.ask("When does the settlement batch run?", token: tenant.apiKey)
                let log = QuestionLog(database: runtime.database)
                #expect(try await log.deleteQuestions(askedBefore: Date().addingTimeInterval(-3_600), for: tenant.id) == 0)
                #expect(try await log.deleteQuestions(askedBefore: Date().addingTimeInterval(1), for: tenant.id) == 1)
                let reports = try await client.call(.get, "/api/aika/reports", token: tenant.apiKey)
                #expect(reports.json["questions"] as? Int == 0, "\(reports.json)")
            }
        }
    }
}

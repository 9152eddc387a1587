import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PorticoCore
import Testing
@testable import PorticoAika
@testable import PorticoApp

/// Answers written by a tenant's own model (a loopback OpenAI-compatible server): the prompt holds
/// only that tenant's passages, the answer must cite them, it streams, and a failing, slow or
/// rate-limited model falls back to the quoted passages in bounded time.
@Suite struct AikaModelAnswerTests {
    static func overrides(_ extra: [String: String] = [:]) -> [String: String] {
        ["outbound.allowLoopback": "true", "aika.keyEncryptionKey": AikaSettingsTests.sealingKey, "aika.modelTimeoutSeconds": "2"]
            .merging(extra) { _, new in new }
    }

    static func useModel(_ model: LoopbackModelServer, key: String?, client: any TestClientProtocol, token: String) async throws {
        var chat: [String: Any] = ["baseUrl": model.baseURL.absoluteString, "model": LoopbackModelServer.model]
        if let key { chat["apiKey"] = key }
        let set = try await client.call(.put, "/api/aika/settings", token: token, json: ["chat": chat])
        #expect(set.status == .ok, "\(set.json)")
    }

    static func userPrompt(_ received: LoopbackModelServer.Received) -> String {
        received.body?.messages?.last { $0.role == .user }?.content ?? ""
    }

    @Test func theModelSeesOnlyTheTenantsPassagesAndMustCiteThem() async throws {
        try await TestDatabase.withShared(overrides: Self.overrides()) { runtime in
            let a = try await TestTenants.create(runtime, plan: "enterprise")
            let b = try await TestTenants.create(runtime, plan: "enterprise")
            try await LoopbackModelServer.with { model in
                model.behave { $0.reply = { _ in "The settlement batch runs every night at 02:00 UTC [1]." } }
                try await LiveServer.with(runtime) { client in
                    _ = try await client.putDocument("settlement", title: "Payments settlement", body: AikaDocuments.settlement, token: a.apiKey)
                    let secret = "# Settlement secrets\n\n## Batch\n\nThe settlement batch of B runs at 04:44 with code ZEBRA-OCTOPUS.\n"
                    _ = try await client.putDocument("secrets", title: "Settlement secrets", body: secret, token: b.apiKey)
                    try await Self.useModel(model, key: "sk-tenant-a", client: client, token: a.apiKey)

                    let asked = try await client.ask("When does the settlement batch run?", token: a.apiKey)
                    #expect(asked.json["answered"] as? Bool == true, "\(asked.json)")
                    #expect(asked.json["mode"] as? String == "model", "\(asked.json)")
                    #expect((asked.json["citations"] as? [[String: Any]])?.first?["sourceId"] as? String == "document:settlement")
                    let sent = try #require(model.received.last)
                    #expect(sent.authorization == "Bearer sk-tenant-a")
                    #expect(sent.body?.temperature == 0)
                    let prompt = Self.userPrompt(sent)
                    #expect(prompt.contains("02:00 UTC") && !prompt.contains("ZEBRA") && !prompt.contains("04:44"), "\(prompt)")

                    // Tokens are metered with the question.
                    let answerID = try #require(asked.json["answerId"] as? String)
                    let metered = try await runtime.database.query("""
                        SELECT quantity FROM control.usage_records
                        WHERE tenant_id = \(a.id.uuid) AND meter = 'aika.tokens' AND idempotency_key = \("aika.tokens:\(answerID.uppercased())")
                        """)
                    var tokens: Int64 = 0
                    for try await quantity in metered.decode(Int64.self) { tokens = quantity }
                    #expect(tokens > 0)

                    // An answer that cites nothing, or cites a passage it was not given, is not an answer.
                    model.behave { $0.reply = { _ in "The batch runs at 02:00 UTC." } }
                    let uncited = try await client.ask("When does the settlement batch run?", token: a.apiKey)
                    #expect(uncited.json["answered"] as? Bool == false, "\(uncited.json)")
                    #expect(uncited.json["modelProblem"] as? String == "the model's answer cited no passage", "\(uncited.json)")
                    model.behave { $0.reply = { _ in "It runs at 02:00 UTC [7]." } }
                    #expect((try await client.ask("When does the settlement batch run?", token: a.apiKey)).json["answered"] as? Bool == false)
                    model.behave { $0.reply = { _ in "I don't know." } }
                    let unknown = try await client.ask("When does the settlement batch run?", token: a.apiKey)
                    #expect(unknown.json["answered"] as? Bool == false, "\(unknown.json)")

                    // B has no model: its questions never reach A's endpoint.
                    let before = model.received.count
                    _ = try await client.ask("When does the settlement batch run?", token: b.apiKey)
                    #expect(model.received.count == before)
                }
            }
        }
    }

    @Test func answersStreamAsServerSentEventsCitationsFirst() async throws {
        try await TestDatabase.withShared(overrides: Self.overrides()) { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LoopbackModelServer.with { model in
                model.behave { $0.reply = { _ in "Chargebacks freeze the disputed amount for 45 days [1]." } }
                try await LiveServer.with(runtime) { client in
                    _ = try await client.putDocument("settlement", title: "Payments settlement", body: AikaDocuments.settlement, token: tenant.apiKey)
                    try await Self.useModel(model, key: nil, client: client, token: tenant.apiKey)
                    let streamed = try await client.call(
                        .post, "/api/aika/ask", token: tenant.apiKey, json: ["question": "How long does a chargeback freeze the disputed amount?"],
                        headers: [.accept: "text/event-stream"])
                    #expect(streamed.status == .ok)
                    #expect(streamed.headers[.contentType] == "text/event-stream")
                    let text = String(buffer: streamed.body)
                    let names = text.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { $0.dropFirst(7) }
                    #expect(names.first == "citations" && names.last == "done" && names.contains("delta"), "\(text)")
                    let done = try #require(text.components(separatedBy: "event: done\ndata: ").last?.split(separator: "\n").first)
                    let answer = try JSONSerialization.jsonObject(with: Data(done.utf8)) as? [String: Any]
                    #expect(answer?["answered"] as? Bool == true, "\(text)")
                    #expect(answer?["answer"] as? String == "Chargebacks freeze the disputed amount for 45 days [1].")

                    // Without a model the extractive answer streams the same way.
                    _ = try await client.call(.put, "/api/aika/settings", token: tenant.apiKey, json: ["chat": NSNull()])
                    let quoted = try await client.call(
                        .post, "/api/aika/ask", token: tenant.apiKey, json: ["question": "How long does a chargeback freeze the disputed amount?"],
                        headers: [.accept: "text/event-stream"])
                    let quotedText = String(buffer: quoted.body)
                    #expect(quotedText.hasPrefix("event: citations") && quotedText.contains("\"mode\":\"extractive\""), "\(quotedText)")
                }
            }
        }
    }

    @Test func aFailingSlowOrRateLimitedModelFallsBackToTheQuotedPassages() async throws {
        try await TestDatabase.withShared(overrides: Self.overrides(["aika.modelCallsPerMinute": "2"])) { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LoopbackModelServer.with { model in
                try await LiveServer.with(runtime) { client in
                    _ = try await client.putDocument("settlement", title: "Payments settlement", body: AikaDocuments.settlement, token: tenant.apiKey)
                    try await Self.useModel(model, key: "sk-x", client: client, token: tenant.apiKey)
                    let question = "How long does a chargeback freeze the disputed amount?"

                    model.behave { $0.status = 500 }
                    let failed = try await client.ask(question, token: tenant.apiKey)
                    #expect(failed.json["mode"] as? String == "fallback", "\(failed.json)")
                    #expect(failed.json["answered"] as? Bool == true, "\(failed.json)")
                    #expect(!"\(failed.json)".contains("sk-x"), "\(failed.json)")

                    model.behave { $0.status = nil; $0.delay = .seconds(30) }
                    let started = ContinuousClock.now
                    let slow = try await client.ask(question, token: tenant.apiKey)
                    #expect(slow.json["mode"] as? String == "fallback", "\(slow.json)")
                    #expect((slow.json["modelProblem"] as? String)?.isEmpty == false, "\(slow.json)")
                    // Bounded by the model deadline (2 s here), not by the model's 30 s.
                    #expect(ContinuousClock.now - started < .seconds(20))

                    model.behave { $0.delay = .zero }
                    let limited = try await client.ask(question, token: tenant.apiKey)
                    #expect(limited.json["mode"] as? String == "fallback", "\(limited.json)")
                    #expect((limited.json["modelProblem"] as? String)?.hasPrefix("rate_limited") == true, "\(limited.json)")
                }
            }
        }
    }
}

@Suite struct AikaStreamHangUpTests {
    @Test func anAskerWhoHangsUpStillGetsTheAnswerLoggedAndMetered() async throws {
        try await TestDatabase.withShared(overrides: AikaModelAnswerTests.overrides(["aika.modelTimeoutSeconds": "10"])) { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LoopbackModelServer.with { model in
                model.behave {
                    $0.reply = { _ in "Chargebacks freeze the disputed amount for 45 days, while the issuer investigates [1]." }
                    $0.eventInterval = .milliseconds(200)
                }
                try await LiveServer.with(runtime) { client in
                    _ = try await client.putDocument("settlement", title: "Payments settlement", body: AikaDocuments.settlement, token: tenant.apiKey)
                    try await AikaModelAnswerTests.useModel(model, key: nil, client: client, token: tenant.apiKey)
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(try #require(client.port))/api/aika/ask")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(tenant.apiKey)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Accept", value: "text/event-stream")
                    request.body = .bytes(ByteBuffer(string: #"{"question": "How long does a chargeback freeze the disputed amount?"}"#))
                    let reading = Task {
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                        for try await _ in response.body {}
                    }
                    try await Task.sleep(for: .milliseconds(500))
                    reading.cancel()
                    _ = await reading.result
                    try await eventually("the answer is logged and metered without its asker", timeout: .seconds(30), every: .milliseconds(200)) {
                        try await runtime.database.withTenantTransaction(tenant.id) { connection in
                            var logged = 0
                            for try await count in try await connection.query(
                                "SELECT count(*)::int FROM aika_questions WHERE mode = 'model' AND answered", logger: runtime.logger
                            ).decode(Int.self) {
                                logged = count
                            }
                            return logged == 1
                        }
                    }
                }
            }
        }
    }
}

/// The operator's default model may sit on the private network; a tenant's endpoint may not.
@Suite struct AikaOperatorModelTests {
    @Test func theOperatorsModelIsReachableOnLoopbackATenantsIsNot() async throws {
        try await LoopbackModelServer.with { model in
            model.behave { $0.reply = { _ in "Chargebacks freeze the disputed amount for 45 days [1]." } }
            let overrides = ["aika.defaultModelUrl": model.baseURL.absoluteString, "aika.defaultModel": LoopbackModelServer.model]
            try await TestDatabase.withShared(overrides: overrides) { runtime in
                let tenant = try await TestTenants.create(runtime, plan: "enterprise")
                try await LiveServer.with(runtime) { client in
                    _ = try await client.putDocument("settlement", title: "Payments settlement", body: AikaDocuments.settlement, token: tenant.apiKey)
                    let question = "How long does a chargeback freeze the disputed amount?"
                    let byOperator = try await client.ask(question, token: tenant.apiKey)
                    #expect(byOperator.json["mode"] as? String == "model", "\(byOperator.json)")

                    try await AikaModelAnswerTests.useModel(model, key: nil, client: client, token: tenant.apiKey)
                    let before = model.received.count
                    let byTenant = try await client.ask(question, token: tenant.apiKey)
                    #expect(byTenant.json["mode"] as? String == "fallback", "\(byTenant.json)")
                    #expect((byTenant.json["modelProblem"] as? String)?.isEmpty == false, "\(byTenant.json)")
                    #expect(model.received.count == before)
                }
            }
        }
    }
}

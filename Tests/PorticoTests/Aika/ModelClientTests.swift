import Foundation
import Logging
import PorticoAika
import PorticoCore
import PorticoOutbound
import Testing

/// The model client against a real OpenAI-compatible server on loopback, through the guarded
/// outbound client: what it sends, what it makes of answers, and how it fails.
@Suite(.serialized) struct ModelClientTests {
    static let key = "sk-loopback-7f3a9c1e"

    func client(resolver: any HostResolver = SystemHostResolver()) -> ModelClient {
        let guarded = GuardedHTTPClient(policy: OutboundPolicy(allowLoopback: true), resolver: resolver, logger: Logger(label: "portico.tests.model"))
        return ModelClient(outbound: guarded)
    }

    let question = [ChatMessage(.system, "Answer from the passages."), ChatMessage(.user, "Who owns the payments service?")]

    func failure(_ call: () async throws(ModelFailure) -> Void) async -> ModelFailure? {
        do {
            try await call()
            return nil
        } catch {
            return error
        }
    }

    func events(_ stream: AsyncThrowingStream<ChatStreamEvent, any Error>) async -> (events: [ChatStreamEvent], failure: ModelFailure?) {
        var events: [ChatStreamEvent] = []
        do {
            for try await event in stream { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error as? ModelFailure)
        }
    }

    // MARK: Chat

    @Test func completeSendsTheMessagesAndReturnsTheReply() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.reply = { messages in "You asked: \(messages.last?.content ?? "")" }
        try await LoopbackModelServer.with(behaviour) { server in
            let reply = try await client().complete(question, endpoint: server.endpoint(key: Self.key), deadline: .seconds(10), maxTokens: 200)
            #expect(reply.text == "You asked: Who owns the payments service?")
            #expect(reply.usage == TokenUsage(promptTokens: 9, completionTokens: 7), "the server's counts (words), not an estimate")
            let sent = try #require(server.received.first)
            #expect(sent.path == "/v1/chat/completions")
            #expect(sent.authorization == "Bearer \(Self.key)")
            #expect(sent.body?.model == LoopbackModelServer.model)
            #expect(sent.body?.messages == question)
            #expect(sent.body?.temperature == 0)
            #expect(sent.body?.maxTokens == 200)
            #expect(sent.body?.stream == false)
            #expect(sent.body?.streamOptions == nil)
        }
    }

    @Test func theBaseURLMayEndInASlashOrInV1() async throws {
        try await LoopbackModelServer.with { server in
            for base in ["", "/", "/v1", "/v1/"] {
                let endpoint = ModelEndpoint(baseURL: URL(string: server.baseURL.absoluteString + base)!, model: "m", apiKey: nil)
                _ = try await client().complete(question, endpoint: endpoint, deadline: .seconds(10), maxTokens: 10)
                _ = try await client().embed(["one"], endpoint: endpoint, deadline: .seconds(10))
            }
            #expect(server.received.map(\.path) == Array(repeating: ["/v1/chat/completions", "/v1/embeddings"], count: 4).flatMap { $0 })
        }
    }

    @Test func noKeyNoAuthorization() async throws {
        try await LoopbackModelServer.with { server in
            _ = try await client().complete(question, endpoint: server.endpoint(), deadline: .seconds(10), maxTokens: 10)
            #expect(server.received.first?.authorization == nil)
        }
    }

    @Test func usageIsEstimatedWhenTheServerOmitsIt() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.reportsUsage = false
        behaviour.reply = { _ in String(repeating: "a", count: 40) }
        try await LoopbackModelServer.with(behaviour) { server in
            let reply = try await client().complete(question, endpoint: server.endpoint(), deadline: .seconds(10), maxTokens: 10)
            let promptCharacters = question.reduce(0) { $0 + $1.content.count }
            #expect(reply.usage == TokenUsage(promptTokens: (promptCharacters + 3) / 4, completionTokens: 10, estimated: true))
            let streamed = await events(client().stream(question, endpoint: server.endpoint(), deadline: .seconds(10), maxTokens: 10))
            #expect(streamed.events.last == .finished(reply.usage))
        }
    }

    @Test(arguments: ["\n", "\r\n"]) func streamYieldsTheDeltasInOrderThenTheUsage(lineEnding: String) async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.reply = { _ in "The payments team owns it." }
        behaviour.lineEnding = lineEnding
        try await LoopbackModelServer.with(behaviour) { server in
            let (events, failure) = await events(
                client().stream(question, endpoint: server.endpoint(key: Self.key), deadline: .seconds(10), maxTokens: 50))
            #expect(failure == nil)
            let deltas = events.compactMap { if case .delta(let text) = $0 { text } else { nil } }
            #expect(deltas == ["The ", "payments ", "team ", "owns ", "it."])
            #expect(events.last == .finished(TokenUsage(promptTokens: 9, completionTokens: 5)))
            let sent = try #require(server.received.first?.body)
            #expect(sent.stream == true)
            #expect(sent.streamOptions?.includeUsage == true)
            #expect(sent.maxTokens == 50)
        }
    }

    @Test func aSlowStreamIsCutAtTheDeadline() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.reply = { _ in String(repeating: "word ", count: 40) }
        behaviour.eventInterval = .milliseconds(100)
        try await LoopbackModelServer.with(behaviour) { server in
            let started = ContinuousClock.now
            let (events, failure) = await events(client().stream(question, endpoint: server.endpoint(), deadline: .seconds(2), maxTokens: 50))
            #expect(failure?.code == .timeout)
            #expect(!events.isEmpty, "deltas arrived before the deadline")
            #expect(!events.contains { if case .finished = $0 { true } else { false } })
            #expect(ContinuousClock.now - started < .seconds(8))
        }
    }

    @Test func cancellingTheReaderHangsUp() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.reply = { _ in String(repeating: "word ", count: 100) }
        behaviour.eventInterval = .milliseconds(100)
        try await LoopbackModelServer.with(behaviour) { server in
            let reading = OutboundTestServer.Gate()
            let reader = Task {
                for try await _ in client().stream(question, endpoint: server.endpoint(), deadline: .seconds(30), maxTokens: 200) {
                    reading.open()
                }
            }
            await reading.wait()
            reader.cancel()
            _ = await reader.result
            let waitedSince = ContinuousClock.now
            while server.abandonedStreams == 0 && ContinuousClock.now - waitedSince < .seconds(5) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(server.abandonedStreams == 1, "the server saw the client leave long before the deadline")
        }
    }

    // MARK: Embeddings

    @Test func embeddingsComeInInputOrderInBatches() async throws {
        let texts = (0..<150).map { "passage \($0) about service \($0 % 7)" } + ["Payments OWNS billing", "billing owns payments"]
        try await LoopbackModelServer.with { server in
            let embeddings = try await client().embed(texts, endpoint: server.endpoint(key: Self.key), deadline: .seconds(10))
            #expect(embeddings.vectors == texts.map { LoopbackModelServer.vector(for: $0) }, "the server answers in reverse order")
            #expect(embeddings.dimension == LoopbackModelServer.dimensions)
            #expect(embeddings.vectors[150] == embeddings.vectors[151], "the same words")
            #expect(server.received.map { $0.body?.input?.count } == [64, 64, 24])
            #expect(server.received.allSatisfy { $0.path == "/v1/embeddings" && $0.authorization == "Bearer \(Self.key)" })
            #expect(embeddings.usage == TokenUsage(promptTokens: texts.reduce(0) { $0 + LoopbackModelServer.words($1).count }, completionTokens: 0))
        }
    }

    @Test func vectorsOfDifferentDimensionsAreAnInvalidResponse() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.dimension = { $0 == "odd one" ? 32 : 64 }
        try await LoopbackModelServer.with(behaviour) { server in
            let failure = await failure { () async throws(ModelFailure) in
                _ = try await client().embed(["even", "odd one"], endpoint: server.endpoint(), deadline: .seconds(10))
            }
            #expect(failure?.code == .invalidResponse)
        }
    }

    // MARK: Failures

    @Test func aServerErrorIsAnHTTPStatusThatHidesTheKey() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.status = 500
        try await LoopbackModelServer.with(behaviour) { server in
            let endpoint = server.endpoint(key: Self.key)
            let whole = await failure { () async throws(ModelFailure) in
                _ = try await client().complete(question, endpoint: endpoint, deadline: .seconds(10), maxTokens: 10)
            }
            let streamed = await events(client().stream(question, endpoint: endpoint, deadline: .seconds(10), maxTokens: 10)).failure
            let embedded = await failure { () async throws(ModelFailure) in
                _ = try await client().embed(["one"], endpoint: endpoint, deadline: .seconds(10))
            }
            for failure in [whole, streamed, embedded] {
                #expect(failure?.code == .httpStatus)
                #expect(failure?.status == 500)
                #expect(failure?.description.contains("Incorrect API key provided") == true, "the server's message is quoted")
                #expect(failure?.description.contains(Self.key) == false, "\(String(describing: failure))")
                #expect((failure?.description.count ?? 0) < 300)
            }
        }
    }

    @Test func tooManyRequestsIsRateLimited() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.status = 429
        try await LoopbackModelServer.with(behaviour) { server in
            let failure = await failure { () async throws(ModelFailure) in
                _ = try await client().complete(question, endpoint: server.endpoint(), deadline: .seconds(10), maxTokens: 10)
            }
            #expect(failure?.code == .rateLimited)
            #expect(failure?.status == 429)
        }
    }

    @Test func aSlowModelTimesOutAtTheDeadline() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.delay = .seconds(30)
        try await LoopbackModelServer.with(behaviour) { server in
            let started = ContinuousClock.now
            let failure = await failure { () async throws(ModelFailure) in
                _ = try await client().complete(question, endpoint: server.endpoint(), deadline: .milliseconds(500), maxTokens: 10)
            }
            #expect(failure?.code == .timeout)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func aMalformedAnswerIsAnInvalidResponse() async throws {
        var behaviour = LoopbackModelServer.Behaviour()
        behaviour.malformed = true
        try await LoopbackModelServer.with(behaviour) { server in
            let whole = await failure { () async throws(ModelFailure) in
                _ = try await client().complete(question, endpoint: server.endpoint(), deadline: .seconds(10), maxTokens: 10)
            }
            #expect(whole?.code == .invalidResponse)
            let streamed = await events(client().stream(question, endpoint: server.endpoint(), deadline: .seconds(10), maxTokens: 10))
            #expect(streamed.failure?.code == .invalidResponse)
            let embedded = await failure { () async throws(ModelFailure) in
                _ = try await client().embed(["one"], endpoint: server.endpoint(), deadline: .seconds(10))
            }
            #expect(embedded?.code == .invalidResponse)
        }
    }

    @Test func anEndpointNobodyListensOnIsUnreachable() async throws {
        let port = try await LoopbackModelServer.with { $0.port }
        let endpoint = ModelEndpoint(baseURL: URL(string: "http://127.0.0.1:\(port)")!, model: "m", apiKey: nil)
        let failure = await failure { () async throws(ModelFailure) in
            _ = try await client().complete(question, endpoint: endpoint, deadline: .seconds(5), maxTokens: 10)
        }
        #expect(failure?.code == .unreachable)
    }

    // MARK: The key

    @Test func theKeyGoesToTheEndpointAndToNoOtherHost() async throws {
        try await LoopbackModelServer.with { elsewhere in
            var behaviour = LoopbackModelServer.Behaviour()
            behaviour.redirect = "http://elsewhere.test:\(elsewhere.port)"
            try await LoopbackModelServer.with(behaviour) { model in
                let resolver = ScriptedResolver(["model.test": [["127.0.0.1"]], "elsewhere.test": [["127.0.0.1"]]])
                let endpoint = ModelEndpoint(baseURL: URL(string: "http://model.test:\(model.port)")!, model: "m", apiKey: Self.key)
                _ = try await client(resolver: resolver).complete(question, endpoint: endpoint, deadline: .seconds(10), maxTokens: 10)
                _ = try await client(resolver: resolver).embed(["one"], endpoint: endpoint, deadline: .seconds(10))
                _ = await events(client(resolver: resolver).stream(question, endpoint: endpoint, deadline: .seconds(10), maxTokens: 10))
                #expect(model.received.count == 3)
                #expect(model.received.allSatisfy { $0.authorization == "Bearer \(Self.key)" })
                #expect(elsewhere.received.count == 3, "the redirects were followed")
                #expect(elsewhere.received.allSatisfy { $0.authorization == nil })
            }
        }
    }

    // MARK: Limiter

    @Test func theLimiterAdmitsAMinutesCallsThenRefuses() {
        let limiter = ModelCallLimiter(callsPerMinute: 5)
        let tenant = TenantID(UUID())
        #expect((0..<5).map { _ in limiter.admit(tenant) } == Array(repeating: true, count: 5))
        #expect(!limiter.admit(tenant))
        #expect(limiter.admit(TenantID(UUID())), "another tenant has its own bucket")
    }
}

import PorticoCore

extension ModelClient {
    /// The model's whole answer to `messages`, at temperature 0.
    public func complete(
        _ messages: [ChatMessage], endpoint: ModelEndpoint, deadline: Duration, maxTokens: Int
    ) async throws(ModelFailure) -> ChatReply {
        let body = ChatCompletionRequest(model: endpoint.model, messages: messages, maxTokens: maxTokens, stream: false)
        let request = try request("/chat/completions", body, to: endpoint, deadline: deadline, maximumResponseBytes: Self.maximumChatBytes)
        let response: ChatCompletionResponse = try await answer(to: request, from: endpoint)
        guard let text = response.choices.first?.message?.content else {
            throw ModelFailure.invalidResponse("it has no message")
        }
        let usage = response.usage?.counted ?? TokenUsage.estimate(prompt: messages.map(\.content), completion: text)
        return ChatReply(text: text, usage: usage)
    }

    /// The model's answer to `messages` as it is written, at temperature 0: deltas in order, then
    /// `.finished` with the usage. The stream throws a `ModelFailure`; cancelling its reader
    /// cancels the call. The deadline bounds the whole answer.
    public func stream(
        _ messages: [ChatMessage], endpoint: ModelEndpoint, deadline: Duration, maxTokens: Int
    ) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let (events, continuation) = AsyncThrowingStream.makeStream(of: ChatStreamEvent.self)
        let call = Task {
            do throws(ModelFailure) {
                try await relay(messages, endpoint: endpoint, deadline: deadline, maxTokens: maxTokens, to: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in call.cancel() }
        return events
    }

    private func relay(
        _ messages: [ChatMessage], endpoint: ModelEndpoint, deadline: Duration, maxTokens: Int,
        to continuation: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation
    ) async throws(ModelFailure) {
        let body = ChatCompletionRequest(
            model: endpoint.model, messages: messages, maxTokens: maxTokens, stream: true, streamOptions: .init(includeUsage: true))
        let request = try request("/chat/completions", body, to: endpoint, deadline: deadline, maximumResponseBytes: Self.maximumChatBytes)
        let answer: OutboundStream
        do {
            answer = try await outbound.stream(request)
        } catch {
            throw ModelFailure(error)
        }
        var reading = ChatStreamReading(key: endpoint.apiKey)
        do {
            guard (200..<300).contains(answer.status) else {
                var body: [UInt8] = []
                for try await chunk in answer.body {
                    body += chunk
                    if body.count >= 4_096 { break }
                }
                throw ModelFailure(status: answer.status, body: body, redacting: endpoint.apiKey)
            }
            for try await chunk in answer.body {
                for delta in try reading.feed(chunk) { continuation.yield(.delta(delta)) }
                if reading.done { break }
            }
        } catch let failure as ModelFailure {
            throw failure
        } catch {
            throw (error as? OutboundFailure).map(ModelFailure.init) ?? ModelFailure(.unreachable, "reading the model's answer failed")
        }
        // A cancelled reader ends the body early; nobody is left to tell.
        guard !Task.isCancelled else { return }
        if let delta = try reading.end() { continuation.yield(.delta(delta)) }
        continuation.yield(.finished(reading.usage ?? TokenUsage.estimate(prompt: messages.map(\.content), completion: reading.text)))
    }
}

import Foundation

/// The state of reading one streamed chat answer: its events, the text so far, whether the
/// answer is complete, and the usage the server reported.
struct ChatStreamReading {
    let key: String?
    private var events = ServerSentEvents()
    private(set) var text = ""
    private(set) var done = false
    private var finishReason: String?
    /// What the server counted, when it did (OpenAI does in the last event, on `include_usage`).
    private(set) var usage: TokenUsage?

    init(key: String?) {
        self.key = key
    }

    /// The text deltas in `bytes`, in order.
    mutating func feed(_ bytes: [UInt8]) throws(ModelFailure) -> [String] {
        var deltas: [String] = []
        for data in events.feed(bytes) where !done {
            if let delta = try take(data) { deltas.append(delta) }
        }
        return deltas
    }

    /// The text delta of a last event that the end of the stream closed. A stream that ends before
    /// `[DONE]` or a finish reason was cut short.
    mutating func end() throws(ModelFailure) -> String? {
        let delta = done ? nil : try events.finish().flatMap { data throws(ModelFailure) in try take(data) }
        guard done || finishReason != nil else { throw ModelFailure.invalidResponse("the stream ended before the answer did") }
        return delta
    }

    private mutating func take(_ data: String) throws(ModelFailure) -> String? {
        if data == "[DONE]" {
            done = true
            return nil
        }
        let chunk: ChatCompletionChunk
        do {
            chunk = try OpenAIWire.decoder.decode(ChatCompletionChunk.self, from: Data(data.utf8))
        } catch {
            throw ModelFailure.invalidResponse("an event of the stream is not the JSON of the OpenAI API")
        }
        if let error = chunk.error {
            throw ModelFailure.invalidResponse("the model stopped with an error: \(ModelFailure.quote(error.message, redacting: key))")
        }
        if let counted = chunk.usage?.counted { usage = counted }
        guard let choice = chunk.choices?.first else { return nil }
        if let reason = choice.finishReason { finishReason = reason }
        guard let delta = choice.delta?.content, !delta.isEmpty else { return nil }
        text += delta
        return delta
    }
}

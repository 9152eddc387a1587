import PorticoCore

extension ModelClient {
    /// Inputs per request: OpenAI takes up to 2048, local servers often far fewer.
    static let embeddingsBatch = 64

    /// One vector per text, in the texts' order, asked for in batches. The deadline bounds all of
    /// them; vectors of different dimensions are an `invalid_response`.
    public func embed(_ texts: [String], endpoint: ModelEndpoint, deadline: Duration) async throws(ModelFailure) -> Embeddings {
        let end = ContinuousClock.now + deadline
        var vectors: [[Float]] = []
        var usages: [TokenUsage] = []
        for start in stride(from: 0, to: texts.count, by: Self.embeddingsBatch) {
            let batch = Array(texts[start..<min(start + Self.embeddingsBatch, texts.count)])
            let remaining = ContinuousClock.now.duration(to: end)
            guard remaining > .zero else { throw ModelFailure(.timeout, "the model endpoint did not answer within the deadline") }
            let body = EmbeddingsRequest(model: endpoint.model, input: batch)
            let request = try request("/embeddings", body, to: endpoint, deadline: remaining, maximumResponseBytes: Self.maximumEmbeddingsBytes)
            let response: EmbeddingsResponse = try await answer(to: request, from: endpoint)
            vectors += try Self.ordered(response.data, count: batch.count)
            usages.append(response.usage?.counted ?? TokenUsage.estimate(prompt: batch))
        }
        if let first = vectors.first, first.isEmpty || vectors.contains(where: { $0.count != first.count }) {
            throw ModelFailure.invalidResponse("its vectors are not all of one dimension")
        }
        let usage = TokenUsage(
            promptTokens: usages.reduce(0) { $0 + $1.promptTokens }, completionTokens: 0,
            estimated: usages.contains { $0.estimated })
        return Embeddings(vectors: vectors, usage: usage)
    }

    /// The vectors in input order, by their `index`: each input exactly once.
    private static func ordered(_ items: [EmbeddingsResponse.Item], count: Int) throws(ModelFailure) -> [[Float]] {
        var vectors = [[Float]?](repeating: nil, count: count)
        for item in items {
            guard vectors.indices.contains(item.index), vectors[item.index] == nil else {
                throw ModelFailure.invalidResponse("its vectors do not match the inputs one to one")
            }
            vectors[item.index] = item.embedding
        }
        guard items.count == count else { throw ModelFailure.invalidResponse("it has \(items.count) vectors for \(count) inputs") }
        return vectors.compactMap { $0 }
    }
}

import Foundation

/// An OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp's server): the
/// base URL the `/v1/...` paths are appended to, the model to ask for and the key to send.
public struct ModelEndpoint: Sendable, Equatable {
    public let baseURL: URL
    public let model: String
    /// Sent as `Authorization: Bearer` to this endpoint only; never logged, never returned.
    public let apiKey: String?

    public init(baseURL: URL, model: String, apiKey: String?) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
    }
}

extension ModelEndpoint {
    /// The URL of `path` (`/chat/completions`, `/embeddings`) under `/v1` of the base URL, whether
    /// the base URL ends in `/`, in `/v1` or in neither.
    func url(_ path: String) -> URL {
        guard var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: true) else {
            return baseURL.appendingPathComponent("v1" + path)
        }
        var base = components.percentEncodedPath
        while base.hasSuffix("/") { base.removeLast() }
        if !base.hasSuffix("/v1") { base += "/v1" }
        components.percentEncodedPath = base + path
        return components.url ?? baseURL.appendingPathComponent("v1" + path)
    }
}

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

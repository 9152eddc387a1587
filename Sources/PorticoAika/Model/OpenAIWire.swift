import Foundation

// The JSON of the OpenAI-compatible API, as far as Portico speaks it. Property names are the
// API's in camel case; `OpenAIWire`'s coders translate them to and from snake case.

enum OpenAIWire {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()
}

struct ChatCompletionRequest: Encodable, Sendable {
    struct StreamOptions: Encodable, Sendable {
        var includeUsage: Bool
    }

    var model: String
    var messages: [ChatMessage]
    var temperature: Double = 0
    var maxTokens: Int
    var stream: Bool
    var streamOptions: StreamOptions?
}

struct ChatCompletionResponse: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable {
            var content: String?
        }

        var message: Message?
    }

    var choices: [Choice]
    var usage: WireUsage?
}

/// One `data:` event of a streamed completion; the last one before `[DONE]` carries the usage
/// and no choices.
struct ChatCompletionChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            var content: String?
        }

        var delta: Delta?
        var finishReason: String?
    }

    var choices: [Choice]?
    var usage: WireUsage?
    var error: ServerError?
}

struct EmbeddingsRequest: Encodable, Sendable {
    var model: String
    var input: [String]
}

struct EmbeddingsResponse: Decodable {
    struct Item: Decodable {
        var index: Int
        var embedding: [Float]
    }

    var data: [Item]
    var usage: WireUsage?
}

struct WireUsage: Decodable {
    var promptTokens: Int?
    var completionTokens: Int?

    /// The server's counts, when it gave the prompt's (embeddings have no completion).
    var counted: TokenUsage? {
        promptTokens.map { TokenUsage(promptTokens: $0, completionTokens: completionTokens ?? 0) }
    }
}

/// An error as servers send it: OpenAI and vLLM `{"error": {"message": …}}`, Ollama `{"error": "…"}`.
struct ServerError: Decodable {
    var message: String

    private enum Keys: String, CodingKey { case error, message }

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            message = text
        } else {
            message = try decoder.container(keyedBy: Keys.self).decodeIfPresent(String.self, forKey: .message) ?? ""
        }
    }

    /// What an error body says: its error message, or its text when it is not such JSON.
    static func message(in body: [UInt8]) -> String {
        struct Envelope: Decodable { var error: ServerError }
        if let envelope = try? OpenAIWire.decoder.decode(Envelope.self, from: Data(body)) { return envelope.error.message }
        return String(decoding: body.prefix(4_096), as: UTF8.self)
    }
}

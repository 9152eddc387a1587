import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PorticoAika
import ServiceLifecycle
import Synchronization

/// An OpenAI-compatible model server on 127.0.0.1 for tests: `POST /v1/chat/completions` (whole
/// or streamed as server-sent events) and `POST /v1/embeddings` (hashed bag-of-words vectors).
/// A test scripts how it behaves and reads back every request it received.
struct LoopbackModelServer: Sendable {
    struct Behaviour: Sendable {
        /// The chat answer to the request's messages.
        var reply: @Sendable ([ChatMessage]) -> String = { _ in "A loopback answer." }
        /// Every request is answered with this status and an OpenAI error body.
        var status: Int?
        /// Every request is redirected (307) to the same path on this base URL.
        var redirect: String?
        /// How long it thinks before answering.
        var delay: Duration = .zero
        /// How long it waits before each event of a stream.
        var eventInterval: Duration = .zero
        /// Bodies (and a stream's events) are not JSON.
        var malformed = false
        /// Answers leave out `usage`.
        var reportsUsage = true
        /// How streamed lines end.
        var lineEnding = "\n"
        /// The dimension of a text's vector.
        var dimension: @Sendable (String) -> Int = { _ in LoopbackModelServer.dimensions }
    }

    /// A request as it arrived.
    struct Received: Sendable {
        let path: String
        let headers: HTTPFields
        let body: RequestBody?

        var authorization: String? { headers[.authorization] }
    }

    /// Everything a chat or embeddings request may carry.
    struct RequestBody: Decodable, Sendable {
        struct StreamOptions: Decodable, Sendable {
            var includeUsage: Bool?
        }

        var model: String?
        var messages: [ChatMessage]?
        var temperature: Double?
        var maxTokens: Int?
        var stream: Bool?
        var streamOptions: StreamOptions?
        var input: [String]?
    }

    static let dimensions = 64
    static let model = "loopback-model"

    let port: Int
    private let script: Script

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    func endpoint(key: String? = nil) -> ModelEndpoint {
        ModelEndpoint(baseURL: baseURL, model: Self.model, apiKey: key)
    }

    func behave(_ change: (inout Behaviour) -> Void) { script.behaviour.withLock { change(&$0) } }

    var received: [Received] { script.received.withLock { $0 } }

    /// Streams whose client went away before the last event.
    var abandonedStreams: Int { script.abandonedStreams.load(ordering: .relaxed) }

    /// Runs a server for the duration of `body`.
    static func with<Result: Sendable>(
        _ behaviour: Behaviour = Behaviour(), _ body: @Sendable (LoopbackModelServer) async throws -> Result
    ) async throws -> Result {
        let script = Script(behaviour)
        let router = Router()
        router.post("/v1/chat/completions") { request, _ in
            try await script.answer(request) { body, behaviour in chat(body, behaviour) { script.abandonedStreams.add(1, ordering: .relaxed) } }
        }
        router.post("/v1/embeddings") { request, _ in try await script.answer(request, with: Self.embeddings) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in try await body(LoopbackModelServer(port: client.port!, script: script)) }
    }

    /// The vector the server gives `text`: words hashed into `dimension` buckets, normalized, so
    /// texts with the same words in any order or case get the same vector.
    static func vector(for text: String, dimension: Int = dimensions) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        for word in words(text) {
            let hash = word.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
            vector[Int(hash % UInt64(dimension))] += 1
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm == 0 ? vector : vector.map { $0 / norm }
    }

    static func words(_ text: String) -> [Substring] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }
    }
}

extension LoopbackModelServer {
    /// What a test scripted and what the server saw.
    final class Script: Sendable {
        let behaviour: Mutex<Behaviour>
        let received = Mutex<[Received]>([])
        let abandonedStreams = Atomic<Int>(0)

        init(_ behaviour: Behaviour) { self.behaviour = Mutex(behaviour) }

        /// Records the request, then answers as scripted or with `answer`.
        func answer(
            _ request: Request, with answer: @Sendable (RequestBody, Behaviour) -> Response
        ) async throws -> Response {
            let bytes = try await request.body.collect(upTo: 16 << 20)
            let body = try? JSONDecoder.snakeCase.decode(RequestBody.self, from: Data(buffer: bytes))
            let path = request.uri.path
            received.withLock { $0.append(Received(path: path, headers: request.headers, body: body)) }
            let behaviour = behaviour.withLock { $0 }
            if behaviour.delay > .zero {
                // A server stopping at the end of a test does not wait for a slow answer.
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: behaviour.delay) }
            }
            if let redirect = behaviour.redirect {
                return Response(status: .temporaryRedirect, headers: [.location: redirect + path])
            }
            if let status = behaviour.status {
                return LoopbackModelServer.json(LoopbackModelServer.error(echoing: request.headers[.authorization]), status: status)
            }
            guard let body, !behaviour.malformed || body.stream == true else {
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"choices\": [ oops")))
            }
            return answer(body, behaviour)
        }
    }

    static func chat(_ request: RequestBody, _ behaviour: Behaviour, abandoned: @escaping @Sendable () -> Void) -> Response {
        let messages = request.messages ?? []
        let text = behaviour.reply(messages)
        let usage = behaviour.reportsUsage ? usage(prompt: messages.map(\.content), completion: text) : nil
        guard request.stream == true else {
            var answer: [String: Any] = [
                "id": "chatcmpl-loopback", "object": "chat.completion", "created": 0, "model": model,
                "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
            ]
            answer["usage"] = usage
            return json(answer)
        }
        let includeUsage = request.streamOptions?.includeUsage == true && usage != nil
        return stream(text, usage: includeUsage ? usage : nil, behaviour, abandoned: abandoned)
    }

    /// A streamed answer: a comment, the role, the text a word at a time, the finish reason, the
    /// usage when asked for, `[DONE]`.
    static func stream(_ text: String, usage: [String: Int]?, _ behaviour: Behaviour, abandoned: @escaping @Sendable () -> Void) -> Response {
        func chunk(_ choices: [[String: Any]], usage: [String: Int]? = nil) -> String {
            var chunk: [String: Any] = ["id": "chatcmpl-loopback", "object": "chat.completion.chunk", "created": 0, "model": model, "choices": choices]
            chunk["usage"] = usage
            return serialized(chunk)
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var events = [chunk([["index": 0, "delta": ["role": "assistant", "content": ""]]])]
        events += words.indices.map { index in
            let word = words[index] + (index < words.count - 1 ? " " : "")
            return chunk([["index": 0, "delta": ["content": String(word)]]])
        }
        events.append(chunk([["index": 0, "delta": [:] as [String: Any], "finish_reason": "stop"]]))
        if let usage { events.append(chunk([], usage: usage)) }
        events.append("[DONE]")
        let lines = behaviour.malformed ? ["{\"choices\": [ oops"] : events
        let end = behaviour.lineEnding
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            do {
                try await writer.write(ByteBuffer(string: ": loopback model\(end)\(end)"))
                for event in lines {
                    if behaviour.eventInterval > .zero { try await Task.sleep(for: behaviour.eventInterval) }
                    try await writer.write(ByteBuffer(string: "data: \(event)\(end)\(end)"))
                }
                try await writer.finish(nil)
            } catch {
                abandoned()
                throw error
            }
        })
    }

    /// Vectors in the reverse of the inputs' order, each with its input's `index`.
    static func embeddings(_ request: RequestBody, _ behaviour: Behaviour) -> Response {
        let inputs = request.input ?? []
        let data: [[String: Any]] = inputs.indices.reversed().map { index in
            let text = inputs[index]
            return ["object": "embedding", "index": index, "embedding": vector(for: text, dimension: behaviour.dimension(text))]
        }
        var answer: [String: Any] = ["object": "list", "model": model, "data": data]
        if behaviour.reportsUsage {
            let tokens = inputs.reduce(0) { $0 + words($1).count }
            answer["usage"] = ["prompt_tokens": tokens, "total_tokens": tokens]
        }
        return json(answer)
    }

    /// Tokens counted as words, so that a test can tell counted usage from the client's estimate.
    static func usage(prompt: [String], completion: String) -> [String: Int] {
        let promptTokens = prompt.reduce(0) { $0 + words($1).count }
        let completionTokens = words(completion).count
        return ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens]
    }

    /// An error body that echoes the key it was sent, as some servers do, and runs long.
    static func error(echoing authorization: String?) -> [String: Any] {
        let message = "Incorrect API key provided: \(authorization ?? "none"). " + String(repeating: "Details follow. ", count: 40)
        return ["error": ["message": message, "type": "invalid_request_error", "code": NSNull()]]
    }

    static func json(_ object: [String: Any], status: Int = 200) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: serialized(object))))
    }

    static func serialized(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }
}

extension JSONDecoder {
    static let snakeCase: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()
}

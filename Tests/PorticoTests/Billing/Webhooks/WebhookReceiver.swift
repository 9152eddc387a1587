import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A webhook receiver on loopback for the tests: records every request it gets (on arrival, so a
/// request it answers too late is recorded too) and answers each with the next scripted answer,
/// 200 once the script is used up. Requests to `/hooks/<name>` are told apart by name.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let name: String
        let id: String?
        let timestamp: String?
        let signature: String?
        let contentType: String?
        let body: [UInt8]

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status = .ok
        /// Answers only once the test opens this gate: an endpoint as slow as the test needs.
        var heldUntil: OutboundTestServer.Gate?
    }

    private let received = Mutex<[Received]>([])
    private let script = Mutex<[Answer]>([])

    /// The answers to the next requests, in order.
    func answer(_ answers: Answer...) { script.withLock { $0.append(contentsOf: answers) } }

    func requests(to name: String? = nil) -> [Received] {
        received.withLock { all in all.filter { name == nil || $0.name == name } }
    }

    private func handle(_ request: Request, name: String) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        received.withLock {
            $0.append(Received(
                name: name, id: request.headers[HTTPField.Name("webhook-id")!], timestamp: request.headers[HTTPField.Name("webhook-timestamp")!],
                signature: request.headers[HTTPField.Name("webhook-signature")!], contentType: request.headers[.contentType],
                body: Array(buffer: body)))
        }
        let answer = script.withLock { $0.isEmpty ? Answer() : $0.removeFirst() }
        await answer.heldUntil?.wait()
        return Response(status: answer.status)
    }

    /// Runs a receiver on 127.0.0.1 for the duration of `body`, which gets it and its port.
    static func with<Result: Sendable>(_ body: @Sendable (WebhookReceiver, Int) async throws -> Result) async throws -> Result {
        let receiver = WebhookReceiver()
        let router = Router()
        router.post("/hooks/{name}") { request, context -> Response in
            try await receiver.handle(request, name: context.parameters.get("name") ?? "")
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in try await body(receiver, client.port!) }
    }
}

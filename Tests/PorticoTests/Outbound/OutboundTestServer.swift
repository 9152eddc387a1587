import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PorticoCore
import PorticoOutbound
import Synchronization

/// A resolver that plays a DNS server: each lookup of a name takes the next answer in its list
/// (the last one repeats), and lookups are counted.
final class ScriptedResolver: HostResolver {
    private let answers: Mutex<[String: [[String]]]>
    private let counts = Mutex<[String: Int]>([:])

    init(_ answers: [String: [[String]]]) { self.answers = Mutex(answers) }

    func addresses(of host: String) async throws -> [IPAddress] {
        counts.withLock { $0[host, default: 0] += 1 }
        let next: [String]? = answers.withLock { answers in
            guard var list = answers[host], !list.isEmpty else { return nil }
            let first = list.count > 1 ? list.removeFirst() : list[0]
            answers[host] = list
            return first
        }
        guard let next else { throw SystemHostResolver.Unresolvable() }
        return next.compactMap { IPAddress($0) }
    }

    func lookups(of host: String) -> Int { counts.withLock { $0[host] ?? 0 } }
}

/// Small HTTP servers on loopback for the outbound tests.
enum OutboundTestServer {
    /// Counts the requests a server saw, so a test can show a refused fetch never arrived.
    final class Hits: Sendable {
        private let count = Atomic<Int>(0)
        func record() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    static func router(answer: String, hits: Hits = Hits()) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ -> String in
            hits.record()
            return answer
        }
        router.get("/redirect") { request, _ -> Response in
            hits.record()
            return Response(status: .found, headers: [.location: request.uri.queryParameters.get("to") ?? "/"])
        }
        router.get("/authorization") { request, _ -> String in
            request.headers[.authorization] ?? "none"
        }
        // Headers at once, then one byte a second for a minute: an idle timeout never fires.
        router.get("/trickle") { _, _ -> Response in
            hits.record()
            return Response(status: .ok, body: ResponseBody { writer in
                for _ in 0..<60 {
                    try await writer.write(ByteBuffer(string: "x"))
                    try await Task.sleep(for: .seconds(1))
                }
                try await writer.finish(nil)
            })
        }
        return router
    }

    /// Opens once: a server handler waits on it until the test has seen what it needed to.
    final class Gate: Sendable {
        private let stream: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation

        init() { (stream, continuation) = AsyncStream.makeStream() }
        func open() { continuation.finish() }
        func wait() async { for await _ in stream {} }
    }

    /// Bodies written in parts: `/gated` writes "one", waits for `gate`, then writes "two";
    /// `/chunks` writes ten chunks of a thousand bytes; `/endless` writes a byte every 100 ms until
    /// the client goes away, which `disconnects` counts.
    static func streamingRouter(gate: Gate = Gate(), disconnects: Hits = Hits()) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/gated") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "one"))
                await gate.wait()
                try await writer.write(ByteBuffer(string: "two"))
                try await writer.finish(nil)
            })
        }
        router.get("/chunks") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody { writer in
                for _ in 0..<10 {
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "z"), count: 1_000))
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await writer.finish(nil)
            })
        }
        router.get("/endless") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody { writer in
                do {
                    while true {
                        try await writer.write(ByteBuffer(string: "x"))
                        try await Task.sleep(for: .milliseconds(100))
                    }
                } catch {
                    disconnects.record()
                    throw error
                }
            })
        }
        return router
    }

    /// Runs a server on `host` (port 0 picks one) for the duration of `body`, which gets its port.
    static func with<Result: Sendable>(
        host: String = "127.0.0.1", port: Int = 0, router: Router<BasicRequestContext>,
        _ body: @Sendable (Int) async throws -> Result
    ) async throws -> Result {
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)))
        return try await app.test(.live) { client in try await body(client.port!) }
    }
}

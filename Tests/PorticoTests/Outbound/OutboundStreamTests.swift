import Foundation
import Logging
import PorticoCore
import PorticoOutbound
import Testing

/// The guarded client's streaming call against real servers on loopback: the body arrives as it
/// is written, and the deadline, the size limit and the address policy hold while it does.
@Suite(.serialized) struct OutboundStreamTests {
    let loopback = GuardedHTTPClient(policy: OutboundPolicy(allowLoopback: true), logger: OutboundClientTests.logger)

    func url(_ port: Int, _ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// The chunks read before the body failed, and how it failed.
    func read(_ stream: OutboundStream) async -> (bytes: Int, failure: OutboundFailure?) {
        var bytes = 0
        do {
            for try await chunk in stream.body { bytes += chunk.count }
            return (bytes, nil)
        } catch {
            return (bytes, error as? OutboundFailure)
        }
    }

    @Test func chunksArriveBeforeTheResponseEnds() async throws {
        let gate = OutboundTestServer.Gate()
        try await OutboundTestServer.with(router: OutboundTestServer.streamingRouter(gate: gate)) { port in
            let stream = try await loopback.stream(OutboundRequest(url: url(port, "/gated"), deadline: .seconds(10)))
            #expect(stream.status == 200)
            var chunks = stream.body.makeAsyncIterator()
            // The server writes "two" only after this test saw "one".
            #expect(try await chunks.next() == Array("one".utf8))
            gate.open()
            var rest: [UInt8] = []
            while let chunk = try await chunks.next() { rest += chunk }
            #expect(rest == Array("two".utf8))
        }
    }

    @Test func theDeadlineCutsTheBodyMidway() async throws {
        try await OutboundTestServer.with(router: OutboundTestServer.streamingRouter()) { port in
            let started = ContinuousClock.now
            let stream = try await loopback.stream(OutboundRequest(url: url(port, "/endless"), deadline: .seconds(3)))
            #expect(stream.status == 200)
            let (bytes, failure) = await read(stream)
            #expect(bytes > 0, "the body began before the deadline")
            #expect(failure?.reason == .deadlineExceeded)
            #expect(ContinuousClock.now - started < .seconds(8))
        }
    }

    @Test func aBodyPastTheLimitEndsTooLargeMidway() async throws {
        try await OutboundTestServer.with(router: OutboundTestServer.streamingRouter()) { port in
            let stream = try await loopback.stream(OutboundRequest(url: url(port, "/chunks"), maximumResponseBytes: 2_500))
            #expect(stream.status == 200, "no length was announced, so the head passes")
            let (bytes, failure) = await read(stream)
            #expect(failure?.reason == .tooLarge)
            #expect(bytes <= 2_500)
        }
    }

    @Test func aForbiddenAddressIsRefusedBeforeConnecting() async throws {
        let hits = OutboundTestServer.Hits()
        try await OutboundTestServer.with(router: OutboundTestServer.router(answer: "internal", hits: hits)) { port in
            let guarded = GuardedHTTPClient(policy: OutboundPolicy(), logger: OutboundClientTests.logger)
            do throws(OutboundFailure) {
                _ = try await guarded.stream(OutboundRequest(url: url(port, "/")))
                Issue.record("a loopback address was streamed from")
            } catch {
                #expect(error.reason == .forbiddenAddress)
            }
            #expect(hits.value == 0)
        }
    }

    @Test func cancellingTheConsumerClosesTheConnection() async throws {
        let disconnects = OutboundTestServer.Hits()
        try await OutboundTestServer.with(router: OutboundTestServer.streamingRouter(disconnects: disconnects)) { port in
            let reading = OutboundTestServer.Gate()
            let consumer = Task {
                let stream = try await loopback.stream(OutboundRequest(url: url(port, "/endless"), deadline: .seconds(30)))
                for try await _ in stream.body { reading.open() }
            }
            await reading.wait()
            consumer.cancel()
            _ = await consumer.result
            let waitedSince = ContinuousClock.now
            while disconnects.value == 0 && ContinuousClock.now - waitedSince < .seconds(5) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(disconnects.value == 1, "the server saw the client leave long before the deadline")
        }
    }
}

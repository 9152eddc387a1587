import Foundation
import Logging
import PorticoCore
import PorticoOutbound
import Testing

/// The guarded client against real servers on loopback: what it refuses never receives a request,
/// what it checked is what it connects to, and a deadline bounds the whole exchange.
@Suite(.serialized) struct OutboundClientTests {
    static let logger = Logger(label: "portico.tests.outbound")

    func client(_ policy: OutboundPolicy, resolver: any HostResolver = SystemHostResolver()) -> GuardedHTTPClient {
        GuardedHTTPClient(policy: policy, resolver: resolver, logger: Self.logger)
    }

    func failure(of request: OutboundRequest, with client: GuardedHTTPClient) async -> OutboundFailure? {
        do {
            _ = try await client.send(request)
            return nil
        } catch {
            return error
        }
    }

    @Test func loopbackSpelledInOctalIsRefusedBeforeAnyRequest() async throws {
        let hits = OutboundTestServer.Hits()
        try await OutboundTestServer.with(router: OutboundTestServer.router(answer: "internal", hits: hits)) { port in
            for spelling in ["0177.0.0.1", "0x7f.1", "127.1", "2130706433", "[::ffff:127.0.0.1]"] {
                let url = URL(string: "http://\(spelling):\(port)/")!
                let refused = await failure(of: OutboundRequest(url: url), with: client(OutboundPolicy()))
                #expect(refused?.reason == .forbiddenAddress, "\(spelling)")
                if !spelling.contains("127.0.0.1") {
                    #expect(refused?.description.contains("127.0.0.1") == false, "\(spelling): \(String(describing: refused))")
                }
            }
            #expect(hits.value == 0)
        }
    }

    @Test func connectsToTheAddressItCheckedNotToASecondLookup() async throws {
        try await OutboundTestServer.with(host: "127.0.0.1", router: OutboundTestServer.router(answer: "checked")) { port in
            try await OutboundTestServer.with(host: "127.0.0.2", port: port, router: OutboundTestServer.router(answer: "rebound")) { _ in
                let resolver = ScriptedResolver(["rebind.test": [["127.0.0.1"], ["127.0.0.2"]]])
                let response = try await client(OutboundPolicy(allowLoopback: true), resolver: resolver)
                    .send(OutboundRequest(url: URL(string: "http://rebind.test:\(port)/")!))
                #expect(String(decoding: response.body, as: UTF8.self) == "checked")
                #expect(resolver.lookups(of: "rebind.test") == 1)
            }
        }
    }

    @Test func everyRedirectHopIsResolvedAndCheckedAgain() async throws {
        try await OutboundTestServer.with(router: OutboundTestServer.router(answer: "ok")) { port in
            let resolver = ScriptedResolver([
                "public.test": [["127.0.0.1"]],
                "metadata.test": [["169.254.169.254"]],
                "rebind.test": [["127.0.0.1"], ["169.254.169.254"]],
            ])
            let guarded = client(OutboundPolicy(allowLoopback: true, allowPrivate: true), resolver: resolver)
            let toMetadata = URL(string: "http://public.test:\(port)/redirect?to=http://metadata.test/latest/meta-data")!
            #expect(await failure(of: OutboundRequest(url: toMetadata), with: guarded)?.reason == .forbiddenAddress)
            let toItself = URL(string: "http://rebind.test:\(port)/redirect?to=http://rebind.test:\(port)/")!
            let refused = await failure(of: OutboundRequest(url: toItself), with: guarded)
            #expect(refused?.reason == .forbiddenAddress)
            #expect(refused?.description.contains("169.254") == false)
            #expect(resolver.lookups(of: "rebind.test") == 2)
        }
    }

    @Test func credentialsAreNotHandedToAnotherHostByARedirect() async throws {
        try await OutboundTestServer.with(router: OutboundTestServer.router(answer: "ok")) { port in
            let resolver = ScriptedResolver(["first.test": [["127.0.0.1"]], "second.test": [["127.0.0.1"]]])
            let guarded = client(OutboundPolicy(allowLoopback: true), resolver: resolver)
            var sameHost = OutboundRequest(url: URL(string: "http://first.test:\(port)/redirect?to=/authorization")!)
            sameHost.headers = [("Authorization", "Bearer secret")]
            let kept = try await guarded.send(sameHost)
            #expect(String(decoding: kept.body, as: UTF8.self) == "Bearer secret", "the same host keeps it")
            var otherHost = sameHost
            otherHost.url = URL(string: "http://first.test:\(port)/redirect?to=http://second.test:\(port)/authorization")!
            let dropped = try await guarded.send(otherHost)
            #expect(String(decoding: dropped.body, as: UTF8.self) == "none")
        }
    }

    @Test func credentialsAreNotHandedToAnotherPortByARedirect() async throws {
        try await OutboundTestServer.with(router: OutboundTestServer.router(answer: "ok")) { port in
            try await OutboundTestServer.with(router: OutboundTestServer.router(answer: "ok")) { otherPort in
                var request = OutboundRequest(url: URL(string: "http://127.0.0.1:\(port)/redirect?to=http://127.0.0.1:\(otherPort)/authorization")!)
                request.headers = [("Authorization", "Bearer secret")]
                let answer = try await client(OutboundPolicy(allowLoopback: true)).send(request)
                #expect(String(decoding: answer.body, as: UTF8.self) == "none", "another port is another origin")
            }
        }
    }

    @Test func aTricklingServerIsCutAtTheDeadline() async throws {
        try await OutboundTestServer.with(router: OutboundTestServer.router(answer: "ok")) { port in
            let request = OutboundRequest(url: URL(string: "http://127.0.0.1:\(port)/trickle")!, deadline: .seconds(3))
            let failure = await failure(of: request, with: client(OutboundPolicy(allowLoopback: true)))
            #expect(failure?.reason == .deadlineExceeded)
        }
    }

    @Test func aServerThatNeverAnswersIsCutAtTheDeadline() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let request = OutboundRequest(url: URL(string: "http://127.0.0.1:\(listener.port)/")!, deadline: .seconds(2))
        #expect(await failure(of: request, with: client(OutboundPolicy(allowLoopback: true)))?.reason == .deadlineExceeded)
    }

    @Test func bodiesPastTheLimitAreRefused() async throws {
        try await OutboundTestServer.with(router: OutboundTestServer.router(answer: String(repeating: "y", count: 10_000))) { port in
            let request = OutboundRequest(url: URL(string: "http://127.0.0.1:\(port)/")!, maximumResponseBytes: 1_000)
            #expect(await failure(of: request, with: client(OutboundPolicy(allowLoopback: true)))?.reason == .tooLarge)
        }
    }
}

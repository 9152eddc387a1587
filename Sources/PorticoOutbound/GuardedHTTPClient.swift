import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import PorticoCore

/// The outbound HTTP client every module uses for tenant-given URLs. Each hop (the first request
/// and every redirect) resolves the host once, refuses it unless every address it resolves to is
/// allowed by the policy, and then connects to exactly the address it checked (the original host
/// still goes in `Host` and TLS SNI), so a DNS answer that changes between check and connect
/// cannot redirect us. One deadline bounds the whole exchange, body included, whether the body is
/// streamed to the caller or collected (`send`, the protocol's default).
public struct GuardedHTTPClient: OutboundHTTP {
    let policy: OutboundPolicy
    let resolver: any HostResolver
    let logger: Logger

    public init(policy: OutboundPolicy, resolver: any HostResolver = SystemHostResolver(), logger: Logger) {
        self.policy = policy
        self.resolver = resolver
        self.logger = logger
    }

    public func stream(_ request: OutboundRequest) async throws(OutboundFailure) -> OutboundStream {
        let deadline = ContinuousClock.now + request.deadline
        var current = request
        var hops = 0
        while true {
            let (response, hop) = try await open(current, deadline: deadline)
            let status = Int(response.status.code)
            guard request.maximumRedirects > 0, [301, 302, 303, 307, 308].contains(status) else {
                return OutboundStream(
                    status: status, headers: response.headers.map { ($0.name, $0.value) }, url: current.url,
                    body: body(of: response, closing: hop, limit: request.maximumResponseBytes, url: current.url, deadline: deadline))
            }
            hop.close()
            guard hops < request.maximumRedirects else {
                throw OutboundFailure(.tooManyRedirects, "\(request.url.absoluteString) redirects more than \(request.maximumRedirects) times")
            }
            guard let location = response.headers.first(name: "Location"),
                  let next = URL(string: location, relativeTo: current.url)?.absoluteURL else {
                throw OutboundFailure(.transport, "\(current.url.absoluteString) redirects nowhere")
            }
            hops += 1
            if status == 303 && current.method != .get {
                current.method = .get
                current.body = nil
            }
            if !Self.sameOrigin(next, current.url) {
                // Credentials meant for one origin are not handed to whichever origin it redirects
                // to, nor to the same host on another port or without TLS.
                current.headers.removeAll { ["authorization", "cookie", "proxy-authorization"].contains($0.name.lowercased()) }
            }
            current.url = next
        }
    }

    /// One hop, up to the response's head: its body is still to be read through the returned client.
    private func open(_ request: OutboundRequest, deadline: ContinuousClock.Instant) async throws(OutboundFailure) -> (HTTPClientResponse, PinnedClient) {
        let url = request.url
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let rawHost = url.host, !rawHost.isEmpty else {
            throw OutboundFailure(.invalidURL, "\(url.absoluteString) is not an http(s) URL")
        }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        let address = try await checkedAddress(of: host, in: url, deadline: deadline)
        let trustRoots = scheme == "https" ? try Self.trustRoots(request.certificateAuthority) : nil
        let hop = PinnedClient(pinning: host, to: address, until: deadline, trustRoots: trustRoots)
        do {
            var outgoing = HTTPClientRequest(url: url.absoluteString)
            outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
            for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
            if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
            let remaining = ContinuousClock.now.duration(to: deadline)
            let response = try await hop.client.execute(outgoing, timeout: .nanoseconds(Int64(remaining / .nanoseconds(1))), logger: logger)
            let limit = request.maximumResponseBytes
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                throw OutboundFailure(.tooLarge, "\(url.absoluteString) is \(length) bytes; the limit is \(limit)")
            }
            return (response, hop)
        } catch {
            hop.close()
            throw Self.failure(error, fetching: url, deadline: deadline)
        }
    }

    /// The response's body as it arrives, cut at the size limit and the deadline. The hop closes
    /// when the body ends or its consumer stops listening. Chunks the consumer has not taken yet
    /// are buffered, at most the size limit of them.
    private func body(
        of response: HTTPClientResponse, closing hop: PinnedClient, limit: Int, url: URL, deadline: ContinuousClock.Instant
    ) -> AsyncThrowingStream<[UInt8], any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        let pump = Task {
            defer { hop.close() }
            var received = 0
            do {
                for try await chunk in response.body {
                    received += chunk.readableBytes
                    guard received <= limit else { throw OutboundFailure(.tooLarge, "\(url.absoluteString) is larger than \(limit) bytes") }
                    continuation.yield(Array(chunk.readableBytesView))
                }
                // A body without a length ends when the connection does, as it does at the deadline.
                guard ContinuousClock.now < deadline else { throw Self.deadlineExceeded }
                continuation.finish()
            } catch {
                continuation.finish(throwing: Self.failure(error, fetching: url, deadline: deadline))
            }
        }
        continuation.onTermination = { _ in
            pump.cancel()
            hop.close()
        }
        return stream
    }

    /// The one address this hop will connect to, after every address of the host was judged.
    private func checkedAddress(of host: String, in url: URL, deadline: ContinuousClock.Instant) async throws(OutboundFailure) -> IPAddress {
        let addresses: [IPAddress]
        do {
            addresses = try await withDeadline(deadline) { try await resolver.addresses(of: host) }
        } catch let failure as OutboundFailure {
            throw failure
        } catch {
            throw OutboundFailure(.unresolvable, "\(host) does not resolve")
        }
        guard let first = addresses.first else { throw OutboundFailure(.unresolvable, "\(host) does not resolve") }
        for address in addresses {
            if let range = policy.refusal(for: address) {
                // The operator sees where the name pointed; the tenant who chose the URL does not.
                logger.notice("outbound request refused", metadata: [
                    "url": "\(url.absoluteString)", "address": "\(address)", "range": "\(range.rawValue)",
                ])
                throw OutboundFailure(.forbiddenAddress, "\(host) is not reachable from Portico: it resolves to an address that outbound requests may not use")
            }
        }
        return first
    }

    private static func trustRoots(_ pem: String?) throws(OutboundFailure) -> [NIOSSLCertificate]? {
        guard let pem else { return nil }
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)), !certificates.isEmpty else {
            throw OutboundFailure(.invalidURL, "the certificate authority is not a PEM certificate")
        }
        return certificates
    }

    static let deadlineExceeded = OutboundFailure(.deadlineExceeded, "no complete answer within the deadline")

    /// Runs `body` and gives up at `deadline`.
    private func withDeadline<Result: Sendable>(
        _ deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw Self.deadlineExceeded }
            return result
        }
    }

    /// What the tenant is told about `error`: past the deadline, only that the deadline passed.
    private static func failure(_ error: any Error, fetching url: URL, deadline: ContinuousClock.Instant) -> OutboundFailure {
        if let failure = error as? OutboundFailure { return failure }
        if ContinuousClock.now >= deadline { return deadlineExceeded }
        return OutboundFailure(.transport, "fetching \(url.absoluteString) failed: \(tenantSafeDescription(of: error))")
    }

    private static func sameOrigin(_ one: URL, _ other: URL) -> Bool {
        func origin(_ url: URL) -> (String?, String?, Int?) {
            let scheme = url.scheme?.lowercased()
            return (scheme, url.host?.lowercased(), url.port ?? (scheme == "https" ? 443 : 80))
        }
        return origin(one) == origin(other)
    }

    /// Transport errors name addresses and ports; a tenant gets only what kind of failure it was.
    private static func tenantSafeDescription(of error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connecting timed out"
            case .readTimeout: return "the server stopped sending"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .cancelled, .alreadyShutdown: return "the request was cancelled"
            default: return "the HTTP exchange failed"
            }
        }
        let text = String(describing: type(of: error))
        if text.contains("TLS") || text.contains("SSL") || text.contains("BoringSSL") { return "the TLS handshake failed" }
        if text.contains("Connect") { return "could not connect" }
        return "the request failed"
    }
}

import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PorticoCore

/// The outbound HTTP client every module uses for tenant-given URLs. Each hop (the first request
/// and every redirect) resolves the host once, refuses it unless every address it resolves to is
/// allowed by the policy, and then connects to exactly the address it checked (the original host
/// still goes in `Host` and TLS SNI), so a DNS answer that changes between check and connect
/// cannot redirect us. One deadline bounds the whole exchange, body included.
public struct GuardedHTTPClient: OutboundHTTP {
    let policy: OutboundPolicy
    let resolver: any HostResolver
    let logger: Logger

    public init(policy: OutboundPolicy, resolver: any HostResolver = SystemHostResolver(), logger: Logger) {
        self.policy = policy
        self.resolver = resolver
        self.logger = logger
    }

    public func send(_ request: OutboundRequest) async throws(OutboundFailure) -> OutboundResponse {
        let deadline = ContinuousClock.now + request.deadline
        var current = request
        var hops = 0
        while true {
            let response = try await sendOneHop(current, deadline: deadline)
            guard request.maximumRedirects > 0, [301, 302, 303, 307, 308].contains(response.status) else { return response }
            guard hops < request.maximumRedirects else {
                throw OutboundFailure(.tooManyRedirects, "\(request.url.absoluteString) redirects more than \(request.maximumRedirects) times")
            }
            guard let location = response.header("Location"), let next = URL(string: location, relativeTo: current.url)?.absoluteURL else {
                throw OutboundFailure(.transport, "\(current.url.absoluteString) redirects nowhere")
            }
            hops += 1
            if response.status == 303 && current.method != .get {
                current.method = .get
                current.body = nil
            }
            if next.host?.lowercased() != current.url.host?.lowercased() {
                // Credentials meant for one host are not handed to whichever host it redirects to.
                current.headers.removeAll { ["authorization", "cookie", "proxy-authorization"].contains($0.name.lowercased()) }
            }
            current.url = next
        }
    }

    private func sendOneHop(_ request: OutboundRequest, deadline: ContinuousClock.Instant) async throws(OutboundFailure) -> OutboundResponse {
        let url = request.url
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let rawHost = url.host, !rawHost.isEmpty else {
            throw OutboundFailure(.invalidURL, "\(url.absoluteString) is not an http(s) URL")
        }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        let address = try await checkedAddress(of: host, in: url, deadline: deadline)
        let client = Self.makeClient(pinning: host, to: address)
        defer { Task { try? await client.shutdown() } }
        do {
            return try await withDeadline(deadline, shuttingDown: client) {
                try await exchange(request, using: client, deadline: deadline)
            }
        } catch let failure as OutboundFailure {
            throw failure
        } catch where ContinuousClock.now >= deadline {
            throw Self.deadlineExceeded
        } catch {
            throw OutboundFailure(.transport, "fetching \(url.absoluteString) failed: \(Self.tenantSafeDescription(of: error))")
        }
    }

    /// The one address this hop will connect to, after every address of the host was judged.
    private func checkedAddress(of host: String, in url: URL, deadline: ContinuousClock.Instant) async throws(OutboundFailure) -> IPAddress {
        let addresses: [IPAddress]
        do {
            addresses = try await withDeadline(deadline, shuttingDown: nil) { try await resolver.addresses(of: host) }
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

    private func exchange(_ request: OutboundRequest, using client: HTTPClient, deadline: ContinuousClock.Instant) async throws -> OutboundResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let remaining = ContinuousClock.now.duration(to: deadline)
        let response = try await client.execute(outgoing, timeout: .nanoseconds(Int64(remaining / .nanoseconds(1))), logger: logger)
        let limit = request.maximumResponseBytes
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
            throw OutboundFailure(.tooLarge, "\(request.url.absoluteString) is \(length) bytes; the limit is \(limit)")
        }
        var body: [UInt8] = []
        for try await chunk in response.body {
            guard body.count + chunk.readableBytes <= limit else {
                throw OutboundFailure(.tooLarge, "\(request.url.absoluteString) is larger than \(limit) bytes")
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        return OutboundResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: body, url: request.url)
    }

    static let deadlineExceeded = OutboundFailure(.deadlineExceeded, "no complete answer within the deadline")

    /// Runs `body` and gives up at `deadline`. Past it `client` is shut down, which fails whatever
    /// read is pending, so no server can hold the caller by trickling bytes.
    private func withDeadline<Result: Sendable>(
        _ deadline: ContinuousClock.Instant, shuttingDown client: HTTPClient?,
        _ body: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                } catch {
                    return nil  // cancelled: the body finished first
                }
                try? await client?.shutdown()
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw Self.deadlineExceeded }
            return result
        }
    }

    /// A client for one hop whose only way to reach `host` is the checked address.
    private static func makeClient(pinning host: String, to address: IPAddress) -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.dnsOverride = [host: address.description, "[\(host)]": address.description]
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Transport errors name addresses and ports; a tenant gets only what kind of failure it was.
    private static func tenantSafeDescription(of error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connecting timed out"
            case .readTimeout: return "the server stopped sending"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .cancelled, .alreadyShutdown: return "no complete answer within the deadline"
            default: return "the HTTP exchange failed"
            }
        }
        let text = String(describing: type(of: error))
        if text.contains("TLS") || text.contains("SSL") || text.contains("BoringSSL") { return "the TLS handshake failed" }
        if text.contains("Connect") { return "could not connect" }
        return "the request failed"
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Fetches descriptor files over HTTP(S) for the ingestion workers: bounded time, size and
/// redirects, every hop checked against the outbound policy, conditional on the last ETag.
public struct DescriptorFetcher: Sendable {
    public struct Limits: Sendable {
        public var maximumBytes = 10 << 20
        public var maximumRedirects = 5
        public var timeout: Duration = .seconds(15)

        public init() {}
    }

    public enum Outcome: Sendable {
        case content(String, etag: String?)
        case notModified
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let policy: OutboundPolicy
    let limits: Limits
    let client: HTTPClient

    /// A client that never follows redirects by itself: each hop is checked here first.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(5)
        // Bounds each read, so a server trickling its body cannot hold a worker slot for ever.
        configuration.timeout.read = .seconds(15)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public init(policy: OutboundPolicy, client: HTTPClient, limits: Limits = Limits()) {
        self.policy = policy
        self.client = client
        self.limits = limits
    }

    public func fetch(_ url: URL, ifNoneMatch etag: String? = nil) async throws -> Outcome {
        var current = url
        for _ in 0...limits.maximumRedirects {
            guard let scheme = current.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = current.host else {
                throw Failure(description: "\(current.absoluteString) is not an http(s) URL")
            }
            try await policy.check(host: host, port: current.port ?? (scheme == "https" ? 443 : 80))
            var request = HTTPClientRequest(url: current.absoluteString)
            request.headers.add(name: "Accept", value: "application/yaml, application/json, text/plain, */*")
            request.headers.add(name: "User-Agent", value: "Portico-Catalog/1")
            if let etag { request.headers.add(name: "If-None-Match", value: etag) }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .seconds(Int64(limits.timeout.components.seconds)))
            } catch {
                throw Failure(description: "fetching \(current.absoluteString) failed: \(error)")
            }
            switch response.status.code {
            case 200:
                if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limits.maximumBytes {
                    throw Failure(description: "\(current.absoluteString) is \(length) bytes; the limit is \(limits.maximumBytes)")
                }
                let body: ByteBuffer
                do {
                    body = try await response.body.collect(upTo: limits.maximumBytes)
                } catch {
                    throw Failure(description: "\(current.absoluteString) is larger than \(limits.maximumBytes) bytes")
                }
                return .content(String(buffer: body), etag: response.headers.first(name: "ETag"))
            case 304:
                return .notModified
            case 301, 302, 303, 307, 308:
                guard let location = response.headers.first(name: "Location"), let next = URL(string: location, relativeTo: current) else {
                    throw Failure(description: "\(current.absoluteString) redirects nowhere")
                }
                current = next.absoluteURL
            default:
                throw Failure(description: "\(current.absoluteString) answered HTTP \(response.status.code)")
            }
        }
        throw Failure(description: "\(url.absoluteString) redirects more than \(limits.maximumRedirects) times")
    }
}

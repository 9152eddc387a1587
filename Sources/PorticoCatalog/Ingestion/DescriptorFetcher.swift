import Foundation
import PorticoCore

/// Fetches descriptor files for locations through the guarded outbound client: bounded time, size
/// and redirects, every hop checked, conditional on the last ETag.
public struct DescriptorFetcher: Sendable {
    public struct Limits: Sendable {
        public var maximumBytes = 10 << 20
        public var maximumRedirects = 5
        public var deadline: Duration = .seconds(15)

        public init() {}
    }

    public enum Outcome: Sendable {
        case content(String, etag: String?)
        case notModified
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let outbound: any OutboundHTTP
    let limits: Limits

    public init(outbound: any OutboundHTTP, limits: Limits = Limits()) {
        self.outbound = outbound
        self.limits = limits
    }

    public func fetch(_ url: URL, ifNoneMatch etag: String? = nil) async throws -> Outcome {
        var headers: [(name: String, value: String)] = [
            ("Accept", "application/yaml, application/json, text/plain, */*"),
            ("User-Agent", "Portico-Catalog/1"),
        ]
        if let etag { headers.append(("If-None-Match", etag)) }
        let request = OutboundRequest(
            url: url, headers: headers, deadline: limits.deadline, maximumResponseBytes: limits.maximumBytes,
            maximumRedirects: limits.maximumRedirects)
        let response: OutboundResponse
        do {
            response = try await outbound.send(request)
        } catch {
            throw Failure(description: error.description)
        }
        switch response.status {
        case 200:
            return .content(String(decoding: response.body, as: UTF8.self), etag: response.header("ETag"))
        case 304:
            return .notModified
        default:
            throw Failure(description: "\(response.url.absoluteString) answered HTTP \(response.status)")
        }
    }
}

import Foundation

/// The one way a module reaches a URL a tenant gave it (catalog locations, documents to index,
/// webhook deliveries). The implementation refuses internal addresses, connects only to the
/// address it checked, follows redirects only after checking each hop, and bounds the whole
/// exchange by a deadline and a size limit.
public protocol OutboundHTTP: Sendable {
    /// The answer's status and headers once they arrived; its body as it arrives.
    func stream(_ request: OutboundRequest) async throws(OutboundFailure) -> OutboundStream
    /// The whole answer. By default: `stream`, collected.
    func send(_ request: OutboundRequest) async throws(OutboundFailure) -> OutboundResponse
}

extension OutboundHTTP {
    public func send(_ request: OutboundRequest) async throws(OutboundFailure) -> OutboundResponse {
        let answer = try await stream(request)
        var body: [UInt8] = []
        do {
            for try await chunk in answer.body { body.append(contentsOf: chunk) }
        } catch {
            throw error as? OutboundFailure ?? OutboundFailure(.transport, "reading \(answer.url.absoluteString) failed")
        }
        // A cancelled consumer sees the stream end early: that is no complete body.
        guard !Task.isCancelled else { throw OutboundFailure(.transport, "fetching \(answer.url.absoluteString) was cancelled") }
        return OutboundResponse(status: answer.status, headers: answer.headers, body: body, url: answer.url)
    }
}

public struct OutboundRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
    }

    public var method: Method
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// The whole exchange (resolving, connecting, every redirect hop, headers and body) ends by then.
    public var deadline: Duration
    public var maximumResponseBytes: Int
    public var maximumRedirects: Int
    /// PEM certificates to trust for https instead of the system's roots (a Kubernetes API's own CA).
    public var certificateAuthority: String?

    public init(
        method: Method = .get, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        deadline: Duration = .seconds(15), maximumResponseBytes: Int = 10 << 20, maximumRedirects: Int = 5,
        certificateAuthority: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.deadline = deadline
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumRedirects = maximumRedirects
        self.certificateAuthority = certificateAuthority
    }
}

public struct OutboundResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]
    /// The URL that answered, after redirects.
    public let url: URL

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8], url: URL) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    public func header(_ name: String) -> String? {
        headerValue(name, in: headers)
    }
}

/// An answer whose body is still arriving. The body ends with an `OutboundFailure` when the
/// deadline passes or it grows past the size limit. Cancelling its reader, or dropping the stream,
/// cancels the request.
public struct OutboundStream: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    /// The URL that answered, after redirects.
    public let url: URL
    public let body: AsyncThrowingStream<[UInt8], any Error>

    public init(status: Int, headers: [(name: String, value: String)], url: URL, body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.url = url
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headerValue(name, in: headers)
    }
}

private func headerValue(_ name: String, in headers: [(name: String, value: String)]) -> String? {
    headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
}

/// Why an outbound request did not get an answer. `description` is safe to show the tenant who
/// gave the URL: it never says what an internal name resolves to.
public struct OutboundFailure: Error, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case invalidURL = "invalid_url"
        case unresolvable = "unresolvable"
        case forbiddenAddress = "forbidden_address"
        case deadlineExceeded = "deadline_exceeded"
        case tooLarge = "too_large"
        case tooManyRedirects = "too_many_redirects"
        case transport = "transport"
    }

    public let reason: Reason
    public let description: String

    public init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }
}

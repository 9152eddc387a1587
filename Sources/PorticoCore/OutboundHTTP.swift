import Foundation

/// The one way a module reaches a URL a tenant gave it (catalog locations, documents to index,
/// webhook deliveries). The implementation refuses internal addresses, connects only to the
/// address it checked, follows redirects only after checking each hop, and bounds the whole
/// exchange by a deadline and a size limit.
public protocol OutboundHTTP: Sendable {
    func send(_ request: OutboundRequest) async throws(OutboundFailure) -> OutboundResponse
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

    public init(
        method: Method = .get, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        deadline: Duration = .seconds(15), maximumResponseBytes: Int = 10 << 20, maximumRedirects: Int = 5
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.deadline = deadline
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumRedirects = maximumRedirects
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
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
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

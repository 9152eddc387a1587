import Foundation
import PorticoCore

/// Why documents could not be fetched: a stable `code` for programs and a `message` for the tenant
/// (it names the URL, never what an internal host resolves to).
public struct DocumentFetchProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unsupportedReference = "unsupported_reference"
        case unreachable
        case forbiddenAddress = "forbidden_address"
        case notFound = "not_found"
        case httpError = "http_error"
        case tooLarge = "too_large"
        case invalidContent = "invalid_content"
        case invalidMkDocs = "invalid_mkdocs"
    }

    public let code: Code
    /// The URL the problem is about, when there is one.
    public let url: URL?
    /// The HTTP status, for `not_found` and `http_error`.
    public let status: Int?
    public let message: String

    public init(_ code: Code, url: URL?, status: Int? = nil, _ message: String) {
        self.code = code
        self.url = url
        self.status = status
        self.message = message
    }

    /// From the guarded client's refusal or failure, whose description is already safe to show.
    init(_ failure: OutboundFailure, url: URL) {
        let code: Code = switch failure.reason {
        case .tooLarge: .tooLarge
        case .forbiddenAddress: .forbiddenAddress
        default: .unreachable
        }
        let message = failure.description.contains(url.absoluteString) ? failure.description : "\(url.absoluteString): \(failure.description)"
        self.init(code, url: url, message)
    }

    public var description: String { message }
}

import Foundation
import PorticoCore

/// Why a model call gave no usable answer: a stable `code` for programs, and a `description` safe
/// to show the tenant (never the API key, at most 200 characters of what the server said).
public struct ModelFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unreachable
        case timeout
        case httpStatus = "http_status"
        case invalidResponse = "invalid_response"
        case rateLimited = "rate_limited"
    }

    public let code: Code
    /// The endpoint's HTTP status, for `http_status` and `rate_limited`.
    public let status: Int?
    public let description: String

    init(_ code: Code, status: Int? = nil, _ description: String) {
        self.code = code
        self.status = status
        self.description = description
    }

    static func invalidResponse(_ what: String) -> ModelFailure {
        ModelFailure(.invalidResponse, "the model endpoint's answer is not usable: \(what)")
    }
}

extension ModelFailure {
    static let quoteLimit = 200

    /// The outbound client's failure, in a model call's terms. Its description names only the URL.
    init(_ failure: OutboundFailure) {
        switch failure.reason {
        case .deadlineExceeded: self.init(.timeout, "the model endpoint did not answer within the deadline")
        case .tooLarge: self.init(.invalidResponse, "the model endpoint's answer is larger than Portico accepts")
        default: self.init(.unreachable, failure.description)
        }
    }

    /// An answer with a status other than 2xx, quoting the server's error message.
    init(status: Int, body: [UInt8], redacting key: String?) {
        let said = Self.quote(ServerError.message(in: body), redacting: key)
        let what = status == 429 ? "the model endpoint is limiting Portico's calls (HTTP 429)" : "the model endpoint answered HTTP \(status)"
        self.init(status == 429 ? .rateLimited : .httpStatus, status: status, said.isEmpty ? what : "\(what): \(said)")
    }

    /// `text` on one line, without the key, cut at `quoteLimit` characters: a server may echo the
    /// key it refused or send a whole HTML page.
    static func quote(_ text: String, redacting key: String?) -> String {
        var text = text
        if let key, !key.isEmpty { text = text.replacingOccurrences(of: key, with: "[key]") }
        let line = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        return line.count > quoteLimit ? line.prefix(quoteLimit) + "…" : line
    }
}

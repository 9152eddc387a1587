import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PorticoCore

/// RFC 9457 problem details, with Portico's stable `code`, the offending `field` and the request id.
struct ProblemDocument: Encodable {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let code: String
    let field: String?
    let requestId: String
    // Backstage's error body, beside the problem fields, on its API paths: its clients read these.
    let error: BackstageErrorShape.ErrorPart?
    let request: BackstageErrorShape.RequestPart?
    let response: BackstageErrorShape.ResponsePart?
}

/// Backstage's `{error: {name, message}, request: {method, url}, response: {statusCode}}`.
enum BackstageErrorShape {
    struct ErrorPart: Encodable {
        let name: String
        let message: String
        let code: String
    }

    struct RequestPart: Encodable {
        let method: String
        let url: String
    }

    struct ResponsePart: Encodable {
        let statusCode: Int
    }

    static func name(for status: Int) -> String {
        switch status {
        case 400, 413, 415, 422: "InputError"
        case 401: "AuthenticationError"
        case 403: "NotAllowedError"
        case 404: "NotFoundError"
        case 409: "ConflictError"
        case 429: "TooManyRequestsError"
        case 503: "ServiceUnavailableError"
        default: "Error"
        }
    }
}

extension PorticoError {
    static let problemContentType = "application/problem+json"

    func response(requestID: String, backstageRequest: (method: String, url: String)? = nil) -> Response {
        let document = ProblemDocument(
            type: "https://portico.dev/problems/\(code.replacingOccurrences(of: "_", with: "-"))",
            title: title, status: status, detail: detail, code: code, field: field, requestId: requestID,
            error: backstageRequest.map { _ in .init(name: BackstageErrorShape.name(for: status), message: detail, code: code) },
            request: backstageRequest.map { .init(method: $0.method, url: $0.url) },
            response: backstageRequest.map { _ in .init(statusCode: status) })
        let body = (try? JSONEncoder.portico.encode(document)) ?? Data("{}".utf8)
        let contentType = backstageRequest == nil ? Self.problemContentType : "application/json"
        var headers: HTTPFields = [.contentType: contentType]
        for (name, value) in self.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

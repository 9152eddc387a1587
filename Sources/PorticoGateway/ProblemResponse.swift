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
}

extension PorticoError {
    static let problemContentType = "application/problem+json"

    func response(requestID: String) -> Response {
        let document = ProblemDocument(
            type: "https://portico.dev/problems/\(code.replacingOccurrences(of: "_", with: "-"))",
            title: title, status: status, detail: detail, code: code, field: field, requestId: requestID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(document)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: Self.problemContentType]
        for (name, value) in self.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

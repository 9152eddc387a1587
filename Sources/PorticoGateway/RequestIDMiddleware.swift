import Foundation
import HTTPTypes
import Hummingbird

/// Takes the caller's `X-Request-Id` when it is a sane token, or makes one, puts it on the logger
/// (in place of Hummingbird's own id) and echoes it on the response.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = PorticoRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = request.headers[.xRequestID].flatMap(Self.acceptable) ?? Self.generate()
        context.requestID = requestID
        context.logger[metadataKey: "request_id"] = .string(requestID)
        // Hummingbird tags every request with an id of its own; one id per log line, the one the
        // caller sees in X-Request-Id and problem+json, is enough. (Nothing here reads `context.id`.)
        context.logger[metadataKey: "hb.request.id"] = nil
        var response = try await next(request, context)
        response.headers[.xRequestID] = requestID
        return response
    }

    static func acceptable(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count),
              value.utf8.allSatisfy({ Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber || $0 == 45 || $0 == 95 || $0 == 46 || $0 == 58 }),
              value.utf8.allSatisfy({ $0 < 128 })
        else { return nil }
        return value
    }

    static func generate() -> String {
        UUID().uuidString.lowercased()
    }
}

extension HTTPField.Name {
    static let xRequestID = HTTPField.Name("X-Request-Id")!
}

import Hummingbird
import NIOCore
import PorticoGateway
import Synchronization

/// What a test server answered to one request, for checking against the OpenAPI document.
struct RecordedExchange: Sendable {
    let method: String
    /// The matched route as Hummingbird names it (`/v1/keys/{id}`), which is the OpenAPI path.
    let route: String
    let status: Int
    let contentType: String?
    let body: ByteBuffer
}

/// The outermost middleware of a test server: records every answer of a matched route, with its
/// whole body. A streamed body is collected here (tests only), so the client gets it in one piece.
final class ResponseRecorder: RouterMiddleware, Sendable {
    typealias Context = PorticoRequestContext

    private let recorded = Mutex<[RecordedExchange]>([])

    var exchanges: [RecordedExchange] { recorded.withLock { $0 } }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // Unmatched paths are named "NotFound" or not at all; they belong to no operation.
        guard let route = context.endpointPath, route.hasPrefix("/") else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        let body = collector.buffer
        response.body = ResponseBody(byteBuffer: body)
        let exchange = RecordedExchange(
            method: request.method.rawValue, route: route, status: Int(response.status.code),
            contentType: response.headers[.contentType], body: body)
        recorded.withLock { $0.append(exchange) }
        return response
    }
}

/// A response body writer that keeps what is written.
private final class BodyCollector: ResponseBodyWriter, Sendable {
    private let collected = Mutex(ByteBuffer())

    var buffer: ByteBuffer { collected.withLock { $0 } }

    func write(_ buffer: ByteBuffer) async throws {
        collected.withLock { collected in
            var buffer = buffer
            collected.writeBuffer(&buffer)
        }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

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

/// The outermost middleware of a test server: records every answer of a matched route with its
/// whole body, once the body has been written. The body still goes out as it did (streamed ones
/// streamed); only the copy kept here costs, and only in tests.
final class ResponseRecorder: RouterMiddleware, Sendable {
    typealias Context = PorticoRequestContext

    private let recorded = Mutex<[RecordedExchange]>([])

    var exchanges: [RecordedExchange] { recorded.withLock { $0 } }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // Unmatched paths are named "NotFound" or not at all; they belong to no operation.
        guard let route = context.endpointPath, route.hasPrefix("/") else { return response }
        let method = request.method.rawValue
        let status = Int(response.status.code)
        let contentType = response.headers[.contentType]
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await body.write(CopyingWriter(inner: writer) { copy in
                let exchange = RecordedExchange(method: method, route: route, status: status, contentType: contentType, body: copy)
                self.recorded.withLock { $0.append(exchange) }
            })
        }
        return response
    }
}

/// Passes a body on to the real writer, and hands a copy of it over before the body ends (so the
/// client cannot have the whole answer before it is recorded).
private struct CopyingWriter: ResponseBodyWriter {
    var inner: any ResponseBodyWriter
    let finished: @Sendable (ByteBuffer) -> Void
    var copy = ByteBuffer()

    init(inner: any ResponseBodyWriter, finished: @escaping @Sendable (ByteBuffer) -> Void) {
        self.inner = inner
        self.finished = finished
    }

    mutating func write(_ buffer: ByteBuffer) async throws {
        var written = buffer
        copy.writeBuffer(&written)
        try await inner.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        finished(copy)
        try await inner.finish(trailingHeaders)
    }
}

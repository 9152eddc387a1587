import Hummingbird
import Logging
import Metrics
import Synchronization

/// Counts and times every request by route and status, and writes one log line per request with
/// its request id and tenant. Never logs headers, so keys stay out of logs.
struct TelemetryMiddleware: RouterMiddleware {
    typealias Context = PorticoRequestContext

    let metrics = RequestMetrics()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        let (seconds, attoseconds) = elapsed.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        metrics.record(route: route, method: request.method.rawValue, status: Int(response.status.code), nanoseconds: nanoseconds)
        if context.logger.logLevel <= .info {
            var metadata: Logger.Metadata = [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code), "duration_ms": .stringConvertible(Double(nanoseconds) / 1e6),
            ]
            if let tenant = context.telemetry.tenantID { metadata["tenant_id"] = .string(tenant.description) }
            context.logger.info("request", metadata: metadata)
        }
        return response
    }
}

/// Metric handles by route, method and status, made once: looking them up in the metrics
/// backend on every request costs more than the request's own work on a fast route.
final class RequestMetrics: Sendable {
    private struct Handles: @unchecked Sendable {
        let requests: Counter
        let duration: Metrics.Timer
    }

    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private let handles = Mutex<[Key: Handles]>([:])

    func record(route: String, method: String, status: Int, nanoseconds: Int64) {
        let key = Key(route: route, method: method, status: status)
        let found = handles.withLock { handles in
            if let existing = handles[key] { return existing }
            let made = Handles(
                requests: Counter(label: "portico_http_requests_total",
                                  dimensions: [("route", route), ("method", method), ("status", String(status))]),
                duration: Metrics.Timer(label: "portico_http_request_duration_seconds", dimensions: [("route", route), ("method", method)]))
            handles[key] = made
            return made
        }
        found.requests.increment()
        found.duration.recordNanoseconds(nanoseconds)
    }
}

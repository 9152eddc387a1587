import Hummingbird
import Logging
import Metrics

/// Counts and times every request by route and status, and writes one log line per request with
/// its request id and tenant. Never logs headers, so keys stay out of logs.
struct TelemetryMiddleware: RouterMiddleware {
    typealias Context = PorticoRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        let status = String(response.status.code)
        let dimensions = [("route", route), ("method", request.method.rawValue), ("status", status)]
        Counter(label: "portico_http_requests_total", dimensions: dimensions).increment()
        Metrics.Timer(label: "portico_http_request_duration_seconds", dimensions: [("route", route), ("method", request.method.rawValue)])
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .string(status),
            "duration_ms": .stringConvertible(Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1000 + Double(elapsed.components.seconds) * 1000),
        ]
        if let tenant = context.telemetry.tenantID { metadata["tenant_id"] = .string(tenant.description) }
        context.logger.info("request", metadata: metadata)
        return response
    }
}

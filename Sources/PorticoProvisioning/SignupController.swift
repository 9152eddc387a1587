import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway

/// Public sign-up: `POST /v1/signups`, and `GET /v1/signups/{id}` to watch provisioning.
struct SignupController: Sendable {
    let service: TenantService
    let limiter = RateLimiter<String>()
    let signupsPerMinute: Int

    func addRoutes(to routes: GatewayRouter) {
        routes.post("/v1/signups", .open) { request, context in
            try checkRateLimit(context)
            let body = try await request.decodeJSON(SignupRequest.self, context: context)
            let result = try await service.signUpSelfServe(body)
            var response = try Response.json(result, status: .accepted)
            response.headers[.location] = result.statusUrl
            return response
        }
        routes.get("/v1/signups/{id}", .open) { _, context in
            guard let id = context.parameters.get("id").flatMap(TenantID.init) else {
                throw PorticoError.notFound("No signup with this id.")
            }
            do {
                return try Response.json(SignupStatus(try await service.tenant(id)))
            } catch let error as PorticoError where error.status == 404 {
                throw PorticoError.notFound("No signup with this id.")
            }
        }
    }

    private func checkRateLimit(_ context: PorticoRequestContext) throws {
        let decision = limiter.take(
            context.clientKey, refillPerSecond: Double(signupsPerMinute) / 60, burst: signupsPerMinute)
        guard decision.allowed else {
            throw PorticoError.rateLimited(retryAfterSeconds: decision.retryAfter, headers: decision.headers)
        }
    }
}

struct SignupStatus: Encodable {
    let id: TenantID
    let slug: Slug
    let status: TenantStatus
    let reason: String?
    let createdAt: Date
    let activatedAt: Date?

    init(_ tenant: Tenant) {
        id = tenant.id
        slug = tenant.slug
        status = tenant.status
        reason = tenant.status == .failed ? tenant.statusReason : nil
        createdAt = tenant.createdAt
        activatedAt = tenant.activatedAt
    }
}

import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway
import PorticoStore

/// `/v1/billing/webhooks` for the tenant's billing admins (`billing:admin`): endpoints, their
/// secrets (shown only when made or rotated), delivery logs and replays. Another tenant's endpoint
/// answers 404, exactly as an unknown one.
struct WebhookController: Sendable {
    static let bodyLimit = 16 << 10

    let endpoints: WebhookEndpointStore
    let deliveries: WebhookDeliveryStore

    init(database: Database) {
        endpoints = WebhookEndpointStore(database: database)
        deliveries = WebhookDeliveryStore(database: database)
    }

    func addRoutes(to routes: GatewayRouter) {
        let access = RouteAccess.tenant(.billingAdmin)
        routes.post("/v1/billing/webhooks", access, bodyLimit: Self.bodyLimit, handler: create)
        routes.get("/v1/billing/webhooks", access, handler: list)
        routes.delete("/v1/billing/webhooks/{id}", access, handler: delete)
        routes.post("/v1/billing/webhooks/{id}/rotate-secret", access, handler: rotateSecret)
        routes.get("/v1/billing/webhooks/{id}/deliveries", access, handler: deliveryLog)
        routes.post("/v1/billing/webhooks/{id}/replay", access, bodyLimit: Self.bodyLimit, handler: replay)
    }

    @Sendable func create(_ request: Request, context: PorticoRequestContext) async throws -> Response {
        let tenant = try context.tenantContext()
        let body = try await request.decodeJSON(CreateWebhookEndpointRequest.self, context: context)
        return try .json(try await endpoints.create(url: body.url, events: body.events, for: tenant.id, at: Date()), status: .created)
    }

    @Sendable func list(_ request: Request, context: PorticoRequestContext) async throws -> Response {
        try .json(WebhookEndpointList(items: try await endpoints.list(for: try context.tenantContext().id)))
    }

    @Sendable func delete(_ request: Request, context: PorticoRequestContext) async throws -> Response {
        let id = try Self.endpointID(context)
        guard try await endpoints.delete(id, for: try context.tenantContext().id) else { throw Self.notFound(context) }
        return .noContent()
    }

    @Sendable func rotateSecret(_ request: Request, context: PorticoRequestContext) async throws -> Response {
        let id = try Self.endpointID(context)
        guard let rotated = try await endpoints.rotateSecret(of: id, for: try context.tenantContext().id, at: Date()) else {
            throw Self.notFound(context)
        }
        return try .json(rotated)
    }

    @Sendable func deliveryLog(_ request: Request, context: PorticoRequestContext) async throws -> Response {
        let tenant = try context.tenantContext()
        let endpoint = try await existingEndpoint(context, tenant: tenant.id)
        let limit = try request.uri.queryParameters.integer("limit", default: 50, range: 1...500) ?? 50
        return try .json(WebhookDeliveryList(items: try await deliveries.deliveries(to: endpoint.id, for: tenant.id, limit: limit)))
    }

    @Sendable func replay(_ request: Request, context: PorticoRequestContext) async throws -> Response {
        let tenant = try context.tenantContext()
        let endpoint = try await existingEndpoint(context, tenant: tenant.id)
        let body = try await request.decodeJSON(ReplayWebhookRequest.self, context: context)
        let replayed = try await deliveries.replay(body.selection, to: endpoint, for: tenant.id, at: Date())
        return try .json(WebhookReplayResult(replayed: replayed), status: .accepted)
    }

    private func existingEndpoint(_ context: PorticoRequestContext, tenant: TenantID) async throws -> WebhookEndpoint {
        let id = try Self.endpointID(context)
        guard let endpoint = try await endpoints.endpoint(id, for: tenant) else { throw Self.notFound(context) }
        return endpoint
    }

    private static func endpointID(_ context: PorticoRequestContext) throws -> UUID {
        let raw = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw) else { throw notFound(context) }
        return id
    }

    /// The same answer for an unknown id and another tenant's.
    private static func notFound(_ context: PorticoRequestContext) -> PorticoError {
        PorticoError.notFound("No webhook endpoint \((context.parameters.get("id") ?? "").prefix(64)) was found.")
    }
}

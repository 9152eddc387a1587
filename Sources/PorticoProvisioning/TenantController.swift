import Foundation
import Hummingbird
import NIOCore
import PorticoCore
import PorticoGateway
import Synchronization

/// A tenant's own view of itself and its keys: `GET /v1/tenant`, `GET|POST /v1/keys`, `DELETE /v1/keys/{id}`.
/// Every query is bound to the tenant of the presented key; a path id of another tenant's key is not found.
struct TenantController: Sendable {
    let service: TenantService
    let renderedViews = RenderedTenantViews()

    func addRoutes(to routes: GatewayRouter) {
        routes.get("/v1/tenant", .tenant(nil)) { _, context in
            let tenant = try context.requireTenant()
            let body = try renderedViews.body(for: tenant.id, view: TenantView(tenant))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
        routes.get("/v1/keys", .tenant(.tenantAdmin)) { _, context in
            let keys = try await service.keys(for: try context.requireTenant().id)
            return try Response.json(KeyList(items: keys))
        }
        routes.post("/v1/keys", .tenant(.tenantAdmin)) { request, context in
            let body = try await request.decodeJSON(APIKeyRequest.self, context: context)
            let issued = try await service.issueKey(for: try context.requireTenant().id, body)
            return try Response.json(IssuedKeyView(issued), status: .created)
        }
        routes.delete("/v1/keys/{id}", .tenant(.tenantAdmin)) { _, context in
            let keyID = try KeyPath.keyID(context)
            _ = try await service.revokeKey(keyID, of: try context.requireTenant().id)
            return .noContent()
        }
    }
}

/// The encoded `GET /v1/tenant` body per tenant, re-encoded only when the view changed: the
/// route is polled by every portal page, and encoding (dates above all) was its main cost.
final class RenderedTenantViews: Sendable {
    private let cache = Mutex<[TenantID: (view: TenantView, body: ByteBuffer)]>([:])

    func body(for tenant: TenantID, view: TenantView) throws -> ByteBuffer {
        if let hit = cache.withLock({ $0[tenant] }), hit.view == view { return hit.body }
        let body = ByteBuffer(bytes: try JSONEncoder.portico.encode(view))
        cache.withLock { cache in
            if cache.count >= 10_000 { cache.removeAll() }
            cache[tenant] = (view, body)
        }
        return body
    }
}

struct KeyList: Encodable {
    let items: [APIKey]
}

/// A new key as returned once: its stored facts and, flattened beside them, the secret.
struct IssuedKeyView: Encodable {
    /// Lowercase, like every id Portico prints.
    let id: String
    let name: String
    let prefix: String
    let scopes: [Scope]
    let expiresAt: Date?
    let createdAt: Date
    let secret: String

    init(_ issued: IssuedAPIKey) {
        id = issued.key.id.uuidString.lowercased()
        name = issued.key.name
        prefix = issued.key.prefix
        scopes = issued.key.scopes
        expiresAt = issued.key.expiresAt
        createdAt = issued.key.createdAt
        secret = issued.secret
    }
}

enum KeyPath {
    static func keyID(_ context: PorticoRequestContext, parameter: String = "id") throws -> UUID {
        guard let raw = context.parameters.get(parameter), let id = UUID(uuidString: raw) else {
            throw PorticoError.notFound("No API key with this id.")
        }
        return id
    }
}

import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway

/// A tenant's own view of itself and its keys: `GET /v1/tenant`, `GET|POST /v1/keys`, `DELETE /v1/keys/{id}`.
/// Every query is bound to the tenant of the presented key; a path id of another tenant's key is not found.
struct TenantController: Sendable {
    let service: TenantService

    func addRoutes(to routes: GatewayRouter) {
        routes.get("/v1/tenant", .tenant(nil)) { _, context in
            try Response.json(TenantView(try context.requireTenant()))
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

struct KeyList: Encodable {
    let items: [APIKey]
}

/// A new key as returned once: its stored facts and, flattened beside them, the secret.
struct IssuedKeyView: Encodable {
    let id: UUID
    let name: String
    let prefix: String
    let scopes: [Scope]
    let expiresAt: Date?
    let createdAt: Date
    let secret: String

    init(_ issued: IssuedAPIKey) {
        id = issued.key.id
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

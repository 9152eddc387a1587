import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway
import PorticoStore

/// `/api/aika` for the tenant's AiKA admins (`aika:admin`): settings, knowledge gaps, stale
/// documents and usage reports.
struct AikaAdminController: Sendable {
    static let maximumDays = 365

    let tenantStore: AikaTenantStore
    let reports: AikaReports
    let sealer: SecretSealer?
    let database: Database

    func addRoutes(to routes: GatewayRouter) {
        let access = RouteAccess.tenant(.aikaAdmin, entitlement: AikaModule.entitlement)
        routes.get("/api/aika/settings", access) { _, context in
            try .json(try await tenantStore.settings(for: try context.tenantContext().id).view)
        }
        routes.put("/api/aika/settings", access) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(AikaSettingsRequest.self, context: context)
            let current = try await tenantStore.settings(for: tenant.id)
            let updated = try body.applied(to: current, sealer: sealer, tenant: tenant.id)
            try await tenantStore.save(updated, for: tenant.id)
            if updated.embeddings?.url != current.embeddings?.url || updated.embeddings?.model != current.embeddings?.model {
                try await PassageEmbedder.forgetVectors(for: tenant.id, database: database)
            }
            return try .json(updated.view)
        }
        routes.get("/api/aika/gaps", access) { request, context in
            let query = request.uri.queryParameters
            let owner = query.get("owner").map { $0.lowercased() }
            if let owner, owner.count > 255 || !owner.contains(":") {
                throw PorticoError.invalidRequest("'owner' must be an entity ref such as group:default/payments.", field: "owner")
            }
            return try .json(try await reports.gaps(
                owner: owner, days: try Self.days(query), limit: try query.integer("limit", default: 50, range: 1...500) ?? 50,
                for: try context.tenantContext().id))
        }
        routes.get("/api/aika/stale-documents", access) { request, context in
            let tenant = try context.tenantContext()
            let settings = try await tenantStore.settings(for: tenant.id)
            let limit = try request.uri.queryParameters.integer("limit", default: 50, range: 1...500) ?? 50
            return try .json(try await reports.staleDocuments(staleAfterDays: settings.staleAfterDays, limit: limit, for: tenant.id))
        }
        routes.get("/api/aika/reports", access) { request, context in
            try .json(try await reports.usage(days: try Self.days(request.uri.queryParameters), for: try context.tenantContext().id))
        }
    }

    private static func days(_ query: Parameters) throws -> Int {
        try query.integer("days", default: 30, range: 1...maximumDays) ?? 30
    }
}

import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway

/// `/api/signals`: entity views, what is failing, cost pushes and the tenant's settings.
struct SignalsController: Sendable {
    /// Cost exports are pushed in pieces; eight megabytes is tens of thousands of rows.
    static let costBodyLimit = 8 << 20

    let views: EntityViews
    let failing: FailingReader
    let costs: CostIngestion
    let settings: SignalsSettingsStore

    func addRoutes(to routes: GatewayRouter) {
        let entitlement = SignalsModule.entitlement
        routes.get("/api/signals/entities/{kind}/{namespace}/{name}", .tenant(.signalsRead, entitlement: entitlement)) { _, context in
            let tenant = try context.tenantContext()
            return .json(rendered: try await views.view(of: try Self.entityRef(context), tenant: tenant.id).json())
        }
        routes.get("/api/signals/failing", .tenant(.signalsRead, entitlement: entitlement)) { _, context in
            try .json(try await failing.list(tenant: try context.tenantContext().id))
        }
        routes.post("/api/signals/costs", .tenant(.signalsWrite, entitlement: entitlement), bodyLimit: Self.costBodyLimit) { request, context in
            let tenant = try context.tenantContext()
            let body = Data(buffer: try await request.collectBody(context: context))
            try DeliveryIngestion.refuseNUL(body)
            let rows = try CostUpload.rows(body, contentType: request.headers[.contentType])
            return try .json(try await costs.ingest(rows, tenant: tenant.id))
        }
        routes.get("/api/signals/settings", .tenant(.signalsRead, entitlement: entitlement)) { _, context in
            try .json(try await settings.settings(for: try context.tenantContext().id))
        }
        routes.put("/api/signals/settings", .tenant(.signalsWrite, entitlement: entitlement)) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(SignalsTenantSettings.self, context: context)
            try await settings.update(tenant.id, to: body)
            return try .json(try await settings.settings(for: tenant.id))
        }
    }

    /// The path's parts as a lowercased ref; each is a catalog name (letters, digits, `-_.`).
    static func entityRef(_ context: PorticoRequestContext) throws -> String {
        var parts: [String] = []
        for name in ["kind", "namespace", "name"] {
            let raw = context.parameters.get(name) ?? ""
            let text = (raw.removingPercentEncoding ?? raw).lowercased()
            guard (1...253).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw PorticoError.invalidRequest("'\(name)' must be a catalog name (letters, digits, '-', '_', '.').", field: name)
            }
            parts.append(text)
        }
        return "\(parts[0]):\(parts[1])/\(parts[2])"
    }
}

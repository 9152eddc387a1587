import Foundation
import HTTPTypes
import Hummingbird
import PorticoCore
import PorticoGateway

/// `/api/signals/webhooks` (the tenant's hooks) and `/api/signals/hooks/{id}` (the public URL
/// providers deliver to: no API key, the hook's secret proves the sender).
struct HookController: Sendable {
    /// GitHub's workflow_run payloads are tens of KB; a megabyte leaves room without letting a
    /// stranger make us read ten.
    static let deliveryBodyLimit = 1 << 20

    let hooks: HookStore
    let cache: HookCache
    /// Checks the tenant's status with the rest of its group of deliveries.
    let ingestion: DeliveryIngestion

    func addRoutes(to routes: GatewayRouter) {
        let entitlement = SignalsModule.entitlement
        routes.post("/api/signals/webhooks", .tenant(.signalsWrite, entitlement: entitlement)) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(HookRequest.self, context: context)
            let limit = tenant.entitlements.limit(SignalsModule.maxWebhooks)
            return try .json(try await hooks.create(body.provider, tenant: tenant.id, limit: limit), status: .created)
        }
        routes.get("/api/signals/webhooks", .tenant(.signalsRead, entitlement: entitlement)) { _, context in
            try .json(HookList(items: try await hooks.list(tenant: try context.tenantContext().id)))
        }
        routes.post("/api/signals/webhooks/{id}/rotate", .tenant(.signalsWrite, entitlement: entitlement)) { _, context in
            let id = try Self.hookID(context)
            defer { cache.forget(id) }
            return try .json(try await hooks.rotate(id, tenant: try context.tenantContext().id))
        }
        routes.delete("/api/signals/webhooks/{id}", .tenant(.signalsWrite, entitlement: entitlement)) { _, context in
            let id = try Self.hookID(context)
            defer { cache.forget(id) }
            try await hooks.delete(id, tenant: try context.tenantContext().id)
            return .noContent()
        }
        routes.post("/api/signals/hooks/{id}", .open, bodyLimit: Self.deliveryBodyLimit) { request, context in
            try await deliver(request, context: context)
        }
    }

    private func deliver(_ request: Request, context: PorticoRequestContext) async throws -> Response {
        guard let hook = try await cache.credentials(of: try Self.hookID(context)) else { throw SignalsProblem.hookNotFound }
        let body = Data(buffer: try await request.collectBody(context: context))
        let headers = request.headers
        let delivery = Delivery(
            event: headers[.githubEvent] ?? headers[.gitlabEvent] ?? "run",
            id: headers[.githubDelivery] ?? headers[.gitlabEventUUID] ?? headers[.deliveryID],
            signature: headers[.hubSignature256], token: headers[.gitlabToken], body: body)
        let outcome = try await ingestion.ingest(delivery, hook: hook)
        return try .json(outcome, status: outcome.status == .ignored || outcome.status == .unmapped ? .accepted : .ok)
    }

    static func hookID(_ context: PorticoRequestContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw SignalsProblem.hookNotFound }
        return id
    }
}

struct HookList: Encodable {
    let items: [Hook]
}

/// `POST /api/signals/webhooks`: `{"provider": "github" | "gitlab" | "generic"}`.
struct HookRequest: Decodable {
    let provider: Hook.Provider

    private enum CodingKeys: String, CodingKey, CaseIterable { case provider }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .provider)
        guard let provider = Hook.Provider(rawValue: text) else {
            throw PorticoError.validation("'provider' must be github, gitlab or generic.", field: "provider")
        }
        self.provider = provider
    }
}

extension HTTPField.Name {
    static let githubEvent = HTTPField.Name("X-GitHub-Event")!
    static let githubDelivery = HTTPField.Name("X-GitHub-Delivery")!
    static let hubSignature256 = HTTPField.Name("X-Hub-Signature-256")!
    static let gitlabEvent = HTTPField.Name("X-Gitlab-Event")!
    static let gitlabEventUUID = HTTPField.Name("X-Gitlab-Event-UUID")!
    static let gitlabToken = HTTPField.Name("X-Gitlab-Token")!
    static let deliveryID = HTTPField.Name("X-Delivery-Id")!
}

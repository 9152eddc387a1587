import Foundation
import PorticoCore
import PorticoGateway

/// A tenant as stored in `control.tenants`.
public struct Tenant: Sendable, Codable {
    public let id: TenantID
    public let slug: Slug
    public let name: String
    public let adminEmail: String
    public let plan: PlanID
    public let rateLimitOverride: Int?
    public let status: TenantStatus
    public let statusReason: String?
    public let createdAt: Date
    public let activatedAt: Date?
    public let deletedAt: Date?

    public func entitlements(in plans: PlanBook) -> Entitlements {
        plans.entitlements(plan: plan.id, rateLimitOverride: rateLimitOverride)
    }
}

/// What a tenant's own key sees at `GET /v1/tenant`.
struct TenantView: Encodable, Equatable {
    let id: TenantID
    let slug: Slug
    let name: String
    let status: TenantStatus
    let plan: PlanID
    let entitlements: [String]
    let limits: PlanLimits
    let createdAt: Date
    let activatedAt: Date?

    /// From the gateway's cached view of the caller's tenant: no query needed.
    init(_ tenant: AuthenticatedTenant) {
        self.id = tenant.id
        self.slug = tenant.slug
        self.name = tenant.profile.name
        self.status = tenant.profile.status
        self.plan = tenant.entitlements.plan
        self.entitlements = tenant.entitlements.entitlements.sorted().map(\.id)
        self.limits = tenant.entitlements.limits
        self.createdAt = tenant.profile.createdAt
        self.activatedAt = tenant.profile.activatedAt
    }
}

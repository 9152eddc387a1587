import Foundation
import PorticoCore

/// A tenant as stored in `control.tenants`.
public struct Tenant: Sendable, Codable {
    public let id: TenantID
    public let slug: String
    public let name: String
    public let adminEmail: String
    public let plan: String
    public let rateLimitOverride: Int?
    public let status: TenantStatus
    public let statusReason: String?
    public let createdAt: Date
    public let activatedAt: Date?
    public let deletedAt: Date?

    public var entitlements: Entitlements {
        Entitlements(plan: Plan.named(plan) ?? .free, rateLimitOverride: rateLimitOverride)
    }
}

/// What a tenant's own key sees at `GET /v1/tenant`.
struct TenantView: Encodable {
    let id: TenantID
    let slug: String
    let name: String
    let status: TenantStatus
    let plan: String
    let entitlements: [String]
    let limits: PlanLimits
    let createdAt: Date
    let activatedAt: Date?

    init(_ tenant: Tenant) {
        let entitlements = tenant.entitlements
        self.id = tenant.id
        self.slug = tenant.slug
        self.name = tenant.name
        self.status = tenant.status
        self.plan = tenant.plan
        self.entitlements = entitlements.plugins.sorted().map(\.rawValue)
        self.limits = entitlements.limits
        self.createdAt = tenant.createdAt
        self.activatedAt = tenant.activatedAt
    }
}

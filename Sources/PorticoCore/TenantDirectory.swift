/// What modules may ask about a tenant without reading the provisioning module's tables:
/// background jobs use it to skip tenants that are gone and to apply plan limits.
public protocol TenantDirectory: Sendable {
    func snapshot(of tenant: TenantID) async throws -> TenantSnapshot?
    /// The active tenants whose plan includes `entitlement` (a module's periodic work visits them).
    func activeTenants(entitledTo entitlement: Entitlement) async throws -> [TenantID]
}

public struct TenantSnapshot: Sendable {
    public let id: TenantID
    public let status: TenantStatus
    public let entitlements: Entitlements

    public init(id: TenantID, status: TenantStatus, entitlements: Entitlements) {
        self.id = id
        self.status = status
        self.entitlements = entitlements
    }
}

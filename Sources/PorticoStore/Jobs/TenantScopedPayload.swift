import PorticoCore

/// A payload that belongs to one tenant: its jobs take turns with other tenants' jobs when claimed,
/// so one tenant's burst does not delay the others.
public protocol TenantScopedPayload: Codable, Sendable {
    var tenantID: TenantID { get }
}

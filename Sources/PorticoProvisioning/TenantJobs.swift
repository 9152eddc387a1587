import PorticoCore
import PorticoStore

/// The background jobs of the tenant lifecycle.
public struct TenantJobPayload: TenantScopedPayload {
    public let tenantID: TenantID

    public init(tenantID: TenantID) { self.tenantID = tenantID }
}

public enum TenantJobs {
    /// Schema, role and every tenant migration in one transaction: seconds, unless a migration is slow.
    public static let provision = JobKind<TenantJobPayload>("tenant.provision", maxAttempts: 10, deadline: .seconds(600))
    /// Dropping a large schema takes a while.
    public static let delete = JobKind<TenantJobPayload>("tenant.delete", maxAttempts: 10, deadline: .seconds(600))
}

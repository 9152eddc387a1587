import PorticoCore
import PorticoStore

/// The background jobs of the tenant lifecycle.
public struct TenantJobPayload: Codable, Sendable {
    public let tenantID: TenantID

    public init(tenantID: TenantID) { self.tenantID = tenantID }
}

public enum TenantJobs {
    public static let provision = JobKind<TenantJobPayload>("tenant.provision", maxAttempts: 10)
    public static let delete = JobKind<TenantJobPayload>("tenant.delete", maxAttempts: 10)
}

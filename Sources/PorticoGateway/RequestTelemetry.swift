import PorticoCore
import Synchronization

/// What the route learned about a request (its tenant, its route group) that the outer
/// middleware (logging, errors) read after the route ran.
public final class RequestTelemetry: Sendable {
    private struct Learned {
        var tenantID: TenantID?
        var routeGroup: RouteGroup?
    }

    private let learned = Mutex(Learned())

    public init() {}

    public var tenantID: TenantID? {
        get { learned.withLock { $0.tenantID } }
        set { learned.withLock { $0.tenantID = newValue } }
    }

    public var routeGroup: RouteGroup? {
        get { learned.withLock { $0.routeGroup } }
        set { learned.withLock { $0.routeGroup = newValue } }
    }
}

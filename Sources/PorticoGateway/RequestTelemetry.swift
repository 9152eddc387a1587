import PorticoCore
import Synchronization

/// What the route learned about a request (its tenant) that the outer telemetry middleware logs.
public final class RequestTelemetry: Sendable {
    private let tenantBox = Mutex<TenantID?>(nil)

    public init() {}

    public var tenantID: TenantID? {
        get { tenantBox.withLock { $0 } }
        set { tenantBox.withLock { $0 = newValue } }
    }
}

import PorticoCore
import PorticoGateway

/// The model calls (chat and embeddings) each tenant may start in this process: a token bucket
/// per tenant holding a minute's calls. Buckets of tenants idle for a minute are dropped.
public struct ModelCallLimiter: Sendable {
    let callsPerMinute: Int
    private let buckets = RateLimiter<TenantID>()

    public init(callsPerMinute: Int) {
        self.callsPerMinute = callsPerMinute
    }

    /// Whether `tenant` may start a model call now; a call admitted is counted.
    public func admit(_ tenant: TenantID) -> Bool {
        buckets.take(tenant, refillPerSecond: Double(callsPerMinute) / 60, burst: callsPerMinute).allowed
    }
}

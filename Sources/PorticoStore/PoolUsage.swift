import Metrics
import Synchronization

/// Counts connections leased from the pool, published as `portico_db_connections_in_use`
/// (PostgresNIO does not expose its pool's state).
final class PoolUsage: Sendable {
    private let inUse = Atomic<Int>(0)
    private let gauge = Gauge(label: "portico_db_connections_in_use")

    func leased() {
        let now = inUse.wrappingAdd(1, ordering: .relaxed).newValue
        gauge.record(now)
    }

    func released() {
        let now = inUse.wrappingSubtract(1, ordering: .relaxed).newValue
        gauge.record(now)
    }
}

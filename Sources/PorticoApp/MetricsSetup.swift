import Metrics
import Prometheus
import Synchronization

/// The process's Prometheus registry, bootstrapped into swift-metrics once per process.
public enum MetricsSetup {
    private static let registryBox = Mutex<PrometheusCollectorRegistry?>(nil)

    public static func registry() -> PrometheusCollectorRegistry {
        registryBox.withLock { box in
            if let registry = box { return registry }
            let registry = PrometheusCollectorRegistry()
            var factory = PrometheusMetricsFactory(registry: registry)
            // Every route and method gets a histogram, so each bucket costs a line per route: a few
            // buckets at the latencies that matter (fast reads, slow pages, timeouts), not a fine grid.
            factory.defaultDurationHistogramBuckets = [
                .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2.5), .seconds(10),
            ]
            MetricsSystem.bootstrap(factory)
            box = registry
            return registry
        }
    }
}

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
            factory.defaultDurationHistogramBuckets = [
                .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
            ]
            MetricsSystem.bootstrap(factory)
            box = registry
            return registry
        }
    }
}

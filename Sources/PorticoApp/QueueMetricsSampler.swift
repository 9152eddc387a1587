import Logging
import Metrics
import PorticoStore
import ServiceLifecycle

/// Publishes job queue depth by state (pending, running, dead…) and pool size as gauges, sampled
/// every few seconds: cheap, and visible on every `serve` replica's `/metrics`.
struct QueueMetricsSampler: Service {
    let queue: JobQueue
    let logger: Logger
    let poolSize: Int
    let interval: Duration = .seconds(5)

    func run() async throws {
        Gauge(label: "portico_db_pool_max_connections").record(poolSize)
        try? await cancelWhenGracefulShutdown { await sample() }
    }

    private func sample() async {
        while !Task.isCancelled {
            do {
                let counts = try await queue.countsByState()
                for state in JobState.allCases {
                    Gauge(label: "portico_jobs", dimensions: [("state", state.rawValue)]).record(counts[state] ?? 0)
                }
            } catch {
                logger.debug("sampling the job queue failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}

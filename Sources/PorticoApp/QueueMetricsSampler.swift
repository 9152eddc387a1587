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
        await cancelWhenGracefulShutdown { await sample() }
    }

    private func sample() async {
        while !Task.isCancelled {
            do {
                let depth = try await queue.depth()
                for state in JobState.allCases {
                    Gauge(label: "portico_jobs", dimensions: [("state", state.rawValue)]).record(depth.byState[state] ?? 0)
                }
                Gauge(label: "portico_jobs_retrying").record(depth.retrying)
            } catch {
                logger.debug("sampling the job queue failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}

import Logging
import PorticoSeam
import PorticoStore
import ServiceLifecycle

/// The composition root of `portico worker`: every module's jobs on one queue.
public enum PorticoWorker {
    public static let pruneFinishedJobs = JobKind<EmptyPayload>(
        "maintenance.prune-finished-jobs", maxAttempts: 3, deadline: .seconds(600))

    public static func registry(modules: ComposedModules, queue: JobQueue) -> JobRegistry {
        var registry = JobRegistry()
        modules.registerJobs(in: &registry)
        registry.register(pruneFinishedJobs) { _, context in
            let pruned = try await queue.pruneSucceeded(olderThan: .seconds(7 * 24 * 3600))
            context.logger.info("pruned finished jobs", metadata: ["count": "\(pruned)"])
        }
        registry.schedule(pruneFinishedJobs, every: .seconds(3600))
        return registry
    }

    public static func buildServiceGroup(runtime: Runtime, name: String = JobWorker.defaultName()) throws -> ServiceGroup {
        let queue = JobQueue(database: runtime.database)
        let modules = try runtime.modules(queue: queue)
        let worker = JobWorker(
            database: runtime.database, queue: queue, registry: registry(modules: modules, queue: queue),
            configuration: .init(name: name, concurrency: runtime.settings.workerConcurrency, lease: runtime.settings.workerLease),
            logger: runtime.logger)
        return ServiceGroup(configuration: .init(
            services: [.init(service: runtime.client), .init(service: worker)]
                + modules.services(for: .worker).map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: runtime.logger
        ).withGrace(runtime.settings.shutdownGrace))
    }
}

extension ServiceGroupConfiguration {
    func withGrace(_ grace: Duration) -> ServiceGroupConfiguration {
        var copy = self
        copy.maximumGracefulShutdownDuration = grace
        return copy
    }
}

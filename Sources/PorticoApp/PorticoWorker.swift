import Logging
import PorticoProvisioning
import PorticoStore
import ServiceLifecycle

/// The composition root of `portico worker`: every module's jobs on one queue.
public enum PorticoWorker {
    public static let pruneFinishedJobs = JobKind<EmptyPayload>(
        "maintenance.prune-finished-jobs", maxAttempts: 3, deadline: .seconds(600))

    public static func registry(runtime: Runtime, queue: JobQueue) -> JobRegistry {
        var registry = JobRegistry()
        let provisioning = ProvisioningModule(
            database: runtime.database, tenantMigrations: runtime.migrations.tenant, queue: queue,
            signupsPerMinute: runtime.settings.signupsPerMinute)
        provisioning.registerJobs(in: &registry)
        runtime.catalogModule(queue: queue).registerJobs(in: &registry, tenants: provisioning.service)
        registry.register(pruneFinishedJobs) { _, context in
            let pruned = try await queue.pruneSucceeded(olderThan: .seconds(7 * 24 * 3600))
            context.logger.info("pruned finished jobs", metadata: ["count": "\(pruned)"])
        }
        registry.schedule(pruneFinishedJobs, every: .seconds(3600))
        return registry
    }

    public static func buildServiceGroup(runtime: Runtime, name: String = JobWorker.defaultName()) -> ServiceGroup {
        let queue = JobQueue(database: runtime.database)
        let worker = JobWorker(
            database: runtime.database, queue: queue, registry: registry(runtime: runtime, queue: queue),
            configuration: .init(name: name, concurrency: runtime.settings.workerConcurrency, lease: runtime.settings.workerLease),
            logger: runtime.logger)
        return ServiceGroup(configuration: .init(
            services: [.init(service: runtime.client), .init(service: worker)],
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

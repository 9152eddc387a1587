import Foundation
import Logging
import PorticoStore
import ServiceLifecycle
import Testing
@testable import PorticoApp

/// Graceful shutdown of a worker: a job that finishes within the grace period completes; one
/// that does not is cancelled and given back to the queue without using up an attempt.
@Suite struct StoreWorkerShutdownTests {
    struct Nothing: Codable, Sendable {}

    func runWorker(
        _ runtime: Runtime, kind: JobKind<Nothing>, jobDuration: Duration, grace: Duration
    ) async throws -> Int64 {
        let started = Flag(false)
        let queue = JobQueue(database: runtime.database)
        var registry = JobRegistry()
        registry.register(kind) { _, _ in
            started.set(true)
            try await Task.sleep(for: jobDuration)
        }
        let worker = JobTestSupport.worker(runtime, queue: queue, registry: registry, concurrency: 1)
        let id = try #require(try await queue.enqueue(kind, Nothing()))
        var configuration = ServiceGroupConfiguration(services: [.init(service: worker)], logger: runtime.logger)
        configuration.maximumGracefulShutdownDuration = grace
        let group = ServiceGroup(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await eventually("the job started") { started.isSet }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        return id
    }

    @Test func inFlightJobFinishesWithinTheGracePeriod() async throws {
        try await TestDatabase.withShared { runtime in
            let kind: JobKind<Nothing> = JobTestSupport.uniqueKind("shutdown-finish")
            let id = try await runWorker(runtime, kind: kind, jobDuration: .milliseconds(500), grace: .seconds(10))
            let row = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(row.state == "succeeded")
            #expect(row.attempts == 1)
        }
    }

    @Test func jobOutlivingTheGracePeriodIsReleasedWithoutUsingAnAttempt() async throws {
        try await TestDatabase.withShared { runtime in
            let kind: JobKind<Nothing> = JobTestSupport.uniqueKind("shutdown-release")
            let id = try await runWorker(runtime, kind: kind, jobDuration: .seconds(60), grace: .milliseconds(500))
            let row = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(row.state == "pending")
            #expect(row.attempts == 0)
            #expect(row.leaseOwner == nil)
        }
    }
}

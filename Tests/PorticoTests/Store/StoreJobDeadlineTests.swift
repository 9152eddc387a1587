import Foundation
import Synchronization
import Testing
@testable import PorticoStore

/// Deadlines on job runs, and kinds whose jobs start over instead of dying.
@Suite struct StoreJobDeadlineTests {
    static let fastRetries = RetryPolicy(base: .milliseconds(10), cap: .milliseconds(50))

    @Test func runPastItsDeadlineIsCancelledAndRetriedAsAFailedAttempt() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("slow", maxAttempts: 3, deadline: .milliseconds(500), payload: EmptyPayload.self)
            let queue = JobQueue(database: runtime.database, retryPolicy: Self.fastRetries)
            let cancelled = Recorder<Int>()
            var registry = JobRegistry()
            registry.register(kind) { _, context in
                guard context.attempt == 1 else { return }
                do {
                    try await Task.sleep(for: .seconds(120))
                } catch {
                    cancelled.append(context.attempt)
                    throw error
                }
            }
            let id = try #require(try await queue.enqueue(kind, EmptyPayload()))

            let done = try await JobTestSupport.withWorkers(
                [JobTestSupport.worker(runtime, queue: queue, registry: registry)], logger: runtime.logger
            ) {
                try await JobTestSupport.waitForState(.succeeded, job: id, runtime.database)
            }
            #expect(cancelled.all == [1])
            #expect(done.attempts == 2)
            #expect(done.lastError == "deadline of 0.5 s exceeded")
        }
    }

    /// A handler that ignores cancellation frees its slot after the deadline and the grace; the
    /// worker stops renewing its lease, so the job goes back to the queue when the lease expires.
    @Test func handlerIgnoringCancellationIsAbandonedAndItsJobRecoveredFromTheLease() async throws {
        try await TestDatabase.withShared { runtime in
            let stubborn = JobTestSupport.uniqueKind("stubborn", maxAttempts: 3, deadline: .milliseconds(300), payload: EmptyPayload.self)
            let quick = JobTestSupport.uniqueKind("quick", payload: EmptyPayload.self)
            let queue = JobQueue(database: runtime.database, retryPolicy: Self.fastRetries)
            let gate = Gate()
            let attempts = Recorder<Int>()
            var registry = JobRegistry()
            registry.register(stubborn) { _, context in
                attempts.append(context.attempt)
                if context.attempt == 1 { await gate.wait() }
            }
            registry.register(quick) { _, _ in }
            let worker = JobTestSupport.worker(
                runtime, queue: queue, registry: registry, concurrency: 1, lease: .seconds(2), deadlineGrace: .milliseconds(200))

            let stuck = try #require(try await queue.enqueue(stubborn, EmptyPayload()))
            let (recovered, other) = try await JobTestSupport.withWorkers([worker], logger: runtime.logger) {
                try await eventually("the stubborn job starts") { attempts.all == [1] }
                // The worker's only slot is free again while the first run still hangs.
                let next = try #require(try await queue.enqueue(quick, EmptyPayload()))
                let other = try await JobTestSupport.waitForState(.succeeded, job: next, runtime.database)
                let recovered = try await JobTestSupport.waitForState(.succeeded, job: stuck, runtime.database)
                return (recovered, other)
            }
            #expect(other.attempts == 1)
            #expect(recovered.attempts == 2)
            #expect(recovered.lastError?.contains("lease expired") == true)
            #expect(attempts.all == [1, 2])

            // The abandoned run ending late changes nothing.
            gate.open()
            try await Task.sleep(for: .milliseconds(200))
            let after = try #require(try await JobTestSupport.job(stuck, runtime.database))
            #expect(after.state == "succeeded")
            #expect(after.attempts == 2)
        }
    }

    @Test func jobOfAKindThatStartsOverGetsFreshAttemptsInsteadOfDying() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("schedule", maxAttempts: 1, startOverAfter: .seconds(3600), payload: EmptyPayload.self)
            let queue = JobQueue(database: runtime.database, retryPolicy: Self.fastRetries)

            // Its last attempt fails...
            let failing = try #require(try await queue.enqueue(kind, EmptyPayload()))
            let claimed = try #require(try await queue.claim(kinds: [kind.name], limit: 1, worker: "w", lease: .seconds(30)).first)
            try await queue.fail(claimed, error: "refresh failed")
            try await Self.expectStartedOver(failing, lastError: "refresh failed", runtime.database)

            // ...or its worker vanishes during it.
            #expect(try await queue.claim(kinds: [kind.name], limit: 1, worker: "w", lease: .seconds(30)).isEmpty)
            try await runtime.database.query("UPDATE control.jobs SET run_at = now() WHERE id = \(failing)")
            #expect(try await queue.claim(kinds: [kind.name], limit: 1, worker: "vanishing", lease: .seconds(1)).map(\.id) == [failing])
            try await eventually("the expired lease is recovered") {
                try await queue.recoverExpiredLeases()
                return try await JobTestSupport.job(failing, runtime.database)?.state != "running"
            }
            try await Self.expectStartedOver(failing, lastError: "lease expired: worker vanishing stopped without finishing", runtime.database)
        }
    }

    static func expectStartedOver(
        _ id: Int64, lastError: String, _ database: Database, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let row = try #require(try await JobTestSupport.job(id, database), sourceLocation: sourceLocation)
        #expect(row.state == "pending", sourceLocation: sourceLocation)
        #expect(row.attempts == 0, sourceLocation: sourceLocation)
        #expect(row.lastError == lastError, sourceLocation: sourceLocation)
        #expect(row.runAt.timeIntervalSinceNow > 3000, "starts over in about an hour", sourceLocation: sourceLocation)
    }
}

/// Holds a job handler without heeding cancellation until the test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

import Foundation
import Testing
import PorticoApp
import PostgresNIO
@testable import PorticoStore

/// The PostgreSQL job queue and in-process `JobWorker`s against the shared test database. Every
/// test uses job kinds of its own, so tests running side by side never touch each other's jobs.
@Suite struct StoreJobQueueTests {
    struct Note: Codable, Sendable, Equatable {
        let text: String
    }

    struct Rollback: Error {}

    /// Retries come quickly, so tests need not wait for real backoff.
    static let fastRetries = RetryPolicy(base: .milliseconds(10), cap: .milliseconds(50))

    // MARK: - Retries and dead jobs

    @Test func failingJobIsRetriedUntilItSucceeds() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("flaky", maxAttempts: 5, payload: Note.self)
            let queue = JobQueue(database: runtime.database, retryPolicy: Self.fastRetries)
            let seen = Recorder<(attempt: Int, note: Note)>()
            var registry = JobRegistry()
            registry.register(kind) { note, context in
                seen.append((context.attempt, note))
                if context.attempt < 3 { throw TestJobFailure(description: "flaky failure on attempt \(context.attempt)") }
            }
            let id = try #require(try await queue.enqueue(kind, Note(text: "hello")))

            let row = try await JobTestSupport.withWorkers(
                [JobTestSupport.worker(runtime, queue: queue, registry: registry)], logger: runtime.logger
            ) {
                try await JobTestSupport.waitForState(.succeeded, job: id, runtime.database)
            }
            #expect(row.attempts == 3)
            #expect(row.leaseOwner == nil)
            #expect(seen.all.map(\.attempt) == [1, 2, 3])
            #expect(seen.all.allSatisfy { $0.note == Note(text: "hello") })
        }
    }

    @Test func jobThatKeepsFailingDiesWithItsLastErrorAndCanBeRetried() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("doomed", maxAttempts: 3, payload: Note.self)
            let queue = JobQueue(database: runtime.database, retryPolicy: Self.fastRetries)
            let attempts = Recorder<Int>()
            let failing = Flag(true)
            var registry = JobRegistry()
            registry.register(kind) { _, context in
                attempts.append(context.attempt)
                if failing.isSet {
                    throw TestJobFailure(description: "failure on attempt \(context.attempt) of \(context.maxAttempts)")
                }
            }
            let id = try #require(try await queue.enqueue(kind, Note(text: "doomed")))

            try await JobTestSupport.withWorkers(
                [JobTestSupport.worker(runtime, queue: queue, registry: registry)], logger: runtime.logger
            ) {
                let dead = try await JobTestSupport.waitForState(.dead, job: id, runtime.database)
                #expect(dead.attempts == 3)
                #expect(dead.maxAttempts == 3)
                #expect(dead.lastError == "failure on attempt 3 of 3")
                #expect(attempts.all == [1, 2, 3])
                // Dead jobs stay visible to operators.
                let listed = try await queue.list(state: .dead, limit: 10, beforeID: id + 1)
                let record = try #require(listed.first { $0.id == id })
                #expect(record.kind == kind.name)
                #expect(record.lastError == "failure on attempt 3 of 3")
                #expect(record.finishedAt != nil)

                // An operator fixes the cause and retries it: it runs again with fresh attempts.
                failing.set(false)
                #expect(try await queue.retryDead(id: id))
                let revived = try await JobTestSupport.waitForState(.succeeded, job: id, runtime.database)
                #expect(revived.attempts == 1)
                #expect(attempts.all == [1, 2, 3, 1])
                // Only dead jobs can be retried.
                #expect(try await queue.retryDead(id: id) == false)
            }
        }
    }

    @Test func failedAttemptWaitsForItsBackoffBeforeItCanBeClaimedAgain() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("backoff", maxAttempts: 3, payload: EmptyPayload.self)
            let queue = JobQueue(database: runtime.database, retryPolicy: RetryPolicy(base: .seconds(3600), cap: .seconds(7200)))
            let id = try #require(try await queue.enqueue(kind, EmptyPayload()))
            let claimed = try await queue.claim(kinds: [kind.name], limit: 5, worker: "w1", lease: .seconds(30))
            #expect(claimed.map(\.id) == [id])
            #expect(claimed.first?.attempt == 1)

            try await queue.fail(try #require(claimed.first), error: "first failure")
            let row = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(row.state == "pending")
            #expect(row.attempts == 1)
            #expect(row.lastError == "first failure")
            #expect(row.leaseOwner == nil)
            // Attempt 1 waits between half and all of the base delay.
            let rows = try await runtime.database.query(
                "SELECT extract(epoch FROM run_at - updated_at)::float8 FROM control.jobs WHERE id = \(id)")
            var wait = 0.0
            for try await value in rows.decode(Double.self) { wait = value }
            #expect(wait >= 1800 && wait <= 3600, "\(wait)")
            #expect(try await queue.claim(kinds: [kind.name], limit: 5, worker: "w1", lease: .seconds(30)).isEmpty)
        }
    }

    @Test func retryPolicyBacksOffExponentiallyWithJitterUpToItsCap() {
        let policy = RetryPolicy(base: .seconds(2), cap: .seconds(60))
        for attempt in 1...10 {
            let full = min(Duration.seconds(2) * (1 << (attempt - 1)), .seconds(60))
            for _ in 0..<20 {
                let delay = policy.delay(afterAttempt: attempt)
                #expect(delay >= full / 2 && delay <= full, "attempt \(attempt): \(delay)")
            }
        }
        #expect(policy.delay(afterAttempt: 1000) <= .seconds(60))
    }

    // MARK: - Crashed workers

    @Test func runningWorkerRecoversAJobWhoseWorkerCrashed() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("orphan", payload: EmptyPayload.self)
            let queue = JobQueue(database: runtime.database, retryPolicy: Self.fastRetries)
            let attempts = Recorder<Int>()
            var registry = JobRegistry()
            registry.register(kind) { _, context in attempts.append(context.attempt) }
            let id = try #require(try await queue.enqueue(kind, EmptyPayload()))

            // A worker claims the job with a 1-second lease and is never heard from again.
            let crashed = try await queue.claim(kinds: [kind.name], limit: 1, worker: "crashed-worker", lease: .seconds(1))
            #expect(crashed.map(\.id) == [id])
            let running = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(running.state == "running")
            #expect(running.leaseOwner == "crashed-worker")

            let done = try await JobTestSupport.withWorkers(
                [JobTestSupport.worker(runtime, queue: queue, registry: registry)], logger: runtime.logger
            ) {
                try await JobTestSupport.waitForState(.succeeded, job: id, runtime.database)
            }
            #expect(done.attempts == 2)
            #expect(attempts.all == [2])

            // The crashed worker coming back late cannot change the outcome.
            let stale = try #require(crashed.first)
            try await queue.fail(stale, error: "late failure")
            try await queue.release(stale)
            #expect(try await queue.renewLease(stale, lease: .seconds(30)) == false)
            let after = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(after.state == "succeeded")
            #expect(after.attempts == 2)
        }
    }

    @Test func expiredLeaseSendsTheJobBackToTheQueue() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("expired", maxAttempts: 3, payload: EmptyPayload.self)
            let queue = JobQueue(database: runtime.database)
            let id = try #require(try await queue.enqueue(kind, EmptyPayload()))
            let crashed = try #require(
                try await queue.claim(kinds: [kind.name], limit: 1, worker: "crashed-worker", lease: .seconds(1)).first)

            // Any worker (another test's, too) may run the recovery; this one just keeps asking.
            try await eventually("the expired lease is recovered") {
                try await queue.recoverExpiredLeases()
                return try await JobTestSupport.job(id, runtime.database)?.state == "pending"
            }
            let recovered = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(recovered.attempts == 1)
            #expect(recovered.leaseOwner == nil)
            #expect(recovered.lastError?.contains("crashed-worker") == true)

            let again = try await queue.claim(kinds: [kind.name], limit: 1, worker: "second-worker", lease: .seconds(30))
            #expect(again.map(\.id) == [id])
            #expect(again.first?.attempt == 2)
            let current = try #require(again.first)

            // Only the current lease holder can renew, finish or fail the job.
            #expect(try await queue.renewLease(crashed, lease: .seconds(30)) == false)
            try await queue.complete(crashed)
            try await queue.fail(crashed, error: "late")
            let stillRunning = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(stillRunning.state == "running")
            #expect(stillRunning.leaseOwner == "second-worker")

            #expect(try await queue.renewLease(current, lease: .seconds(30)))
            try await queue.complete(current)
            let finished = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(finished.state == "succeeded")
            #expect(finished.attempts == 2)
        }
    }

    @Test func expiredLeaseOnTheLastAttemptKillsTheJob() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("last-lease", maxAttempts: 1, payload: EmptyPayload.self)
            let queue = JobQueue(database: runtime.database)
            let id = try #require(try await queue.enqueue(kind, EmptyPayload()))
            #expect(try await queue.claim(kinds: [kind.name], limit: 1, worker: "crashed-worker", lease: .seconds(1)).map(\.id) == [id])

            try await eventually("the expired lease is recovered") {
                try await queue.recoverExpiredLeases()
                return try await JobTestSupport.job(id, runtime.database)?.state != "running"
            }
            let dead = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(dead.state == "dead")
            #expect(dead.attempts == 1)
            #expect(dead.lastError?.contains("lease expired") == true)
        }
    }

    // MARK: - Unique keys

    @Test func uniqueKeyAllowsOneLiveJobAtATime() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("unique", payload: Note.self)
            let queue = JobQueue(database: runtime.database)
            let key = "test-unique:\(UUID().uuidString.lowercased())"

            let first = try #require(try await queue.enqueue(kind, Note(text: "first"), uniqueKey: key))
            #expect(try await queue.enqueue(kind, Note(text: "second"), uniqueKey: key) == nil)
            var rows = try await JobTestSupport.jobs(kind: kind.name, runtime.database)
            #expect(rows.map(\.id) == [first])
            #expect(rows.first?.uniqueKey == key)

            // Still taken while the job runs.
            let claimed = try #require(
                try await queue.claim(kinds: [kind.name], limit: 1, worker: "unique-worker", lease: .seconds(30)).first)
            #expect(claimed.id == first)
            #expect(try await queue.enqueue(kind, Note(text: "while running"), uniqueKey: key) == nil)

            // Free again once it has finished.
            try await queue.complete(claimed)
            let third = try #require(try await queue.enqueue(kind, Note(text: "third"), uniqueKey: key))
            #expect(third != first)
            rows = try await JobTestSupport.jobs(kind: kind.name, runtime.database)
            #expect(rows.map(\.id) == [first, third])
            #expect(rows.map(\.state) == ["succeeded", "pending"])

            // Jobs without a key are never deduplicated.
            #expect(try await queue.enqueue(kind, Note(text: "keyless")) != nil)
            #expect(try await queue.enqueue(kind, Note(text: "keyless")) != nil)
            #expect(try await JobTestSupport.jobs(kind: kind.name, runtime.database).count == 4)
        }
    }

    @Test func askingForARunWhileTheUniqueJobRunsRunsItAgainAfterwards() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("rerun", maxAttempts: 2, payload: Note.self)
            let queue = JobQueue(database: runtime.database, retryPolicy: Self.fastRetries)
            let key = "test-rerun:\(UUID().uuidString.lowercased())"

            // Asked for while nothing is queued: enqueued.
            try await queue.enqueueOrAdvance(kind, Note(text: "refresh"), uniqueKey: key)
            let claimed = try #require(
                try await queue.claim(kinds: [kind.name], limit: 1, worker: "rerun-worker", lease: .seconds(30)).first)

            // Asked for twice while it runs: one more run, queued only once the running one has finished.
            try await queue.enqueueOrAdvance(kind, Note(text: "refresh"), uniqueKey: key)
            try await queue.enqueueOrAdvance(kind, Note(text: "refresh"), uniqueKey: key)
            #expect(try await JobTestSupport.jobs(kind: kind.name, runtime.database).map(\.state) == ["running"])
            try await queue.complete(claimed)
            var rows = try await JobTestSupport.jobs(kind: kind.name, runtime.database)
            #expect(rows.map(\.state) == ["succeeded", "pending"])
            #expect(rows.last?.uniqueKey == key)

            // A run that fails while another is asked for: its retry stands for the asked run, and
            // once the retry has succeeded nothing more follows.
            let rerun = try #require(
                try await queue.claim(kinds: [kind.name], limit: 1, worker: "rerun-worker", lease: .seconds(30)).first)
            #expect(rerun.payload.contains("refresh"))
            try await queue.enqueueOrAdvance(kind, Note(text: "refresh"), uniqueKey: key)
            try await queue.fail(rerun, error: "the source was down")
            rows = try await JobTestSupport.jobs(kind: kind.name, runtime.database)
            #expect(rows.map(\.state) == ["succeeded", "pending"])
            try await Task.sleep(for: .milliseconds(60))
            let retry = try #require(
                try await queue.claim(kinds: [kind.name], limit: 1, worker: "rerun-worker", lease: .seconds(30)).first)
            #expect(retry.id == rerun.id)

            // Given back at shutdown while another run is asked for: it is pending again and stands for it.
            try await queue.enqueueOrAdvance(kind, Note(text: "refresh"), uniqueKey: key)
            try await queue.release(retry)
            let again = try #require(
                try await queue.claim(kinds: [kind.name], limit: 1, worker: "rerun-worker", lease: .seconds(30)).first)
            #expect(again.id == rerun.id)
            try await queue.complete(again)
            rows = try await JobTestSupport.jobs(kind: kind.name, runtime.database)
            #expect(rows.map(\.state) == ["succeeded", "succeeded"])
        }
    }

    // MARK: - Periodic jobs

    @Test func periodicJobRunsOncePerIntervalAcrossTwoWorkers() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("periodic", maxAttempts: 1, payload: EmptyPayload.self)
            let interval = Duration.seconds(2)
            let queue = JobQueue(database: runtime.database)
            let runs = Recorder<(job: Int64, at: ContinuousClock.Instant)>()
            var registry = JobRegistry()
            registry.register(kind) { _, context in runs.append((context.jobID, ContinuousClock.now)) }
            registry.schedule(kind, every: interval)
            let workers = [
                JobTestSupport.worker(runtime, queue: queue, registry: registry, name: "periodic-a-\(UUID())"),
                JobTestSupport.worker(runtime, queue: queue, registry: registry, name: "periodic-b-\(UUID())"),
            ]

            try await JobTestSupport.withWorkers(workers, logger: runtime.logger) {
                try await Task.sleep(for: .seconds(5))
            }

            let times = runs.all.map(\.at).sorted()
            #expect((1...3).contains(times.count), "ran \(times.count) times in about 5 s at a 2 s interval")
            // Each enqueued job ran once, on one of the two workers.
            #expect(Set(runs.all.map(\.job)).count == times.count)
            // Two workers enqueueing the same period would run it twice within moments; allow for
            // the lag between enqueueing and running, which differs from run to run.
            for (earlier, later) in zip(times, times.dropFirst()) {
                #expect(later - earlier >= interval - .milliseconds(750), "runs \(later - earlier) apart")
            }
            // The enqueue times are the database's own clock, exact: at least one interval apart.
            let jobs = try await JobTestSupport.jobs(kind: kind.name, runtime.database)
            #expect(jobs.count >= times.count && jobs.count <= 3)
            #expect(Set(runs.all.map(\.job)).isSubset(of: jobs.map(\.id)))
            let created = jobs.map(\.createdAt).sorted()
            for (earlier, later) in zip(created, created.dropFirst()) {
                #expect(later.timeIntervalSince(earlier) >= interval.seconds - 0.001, "enqueued \(later.timeIntervalSince(earlier)) s apart")
            }
            #expect(jobs.allSatisfy { $0.uniqueKey == "periodic:\(kind.name)" })

            try await runtime.database.query("DELETE FROM control.periodic_jobs WHERE name = \(kind.name)")
        }
    }

    // MARK: - Transactions

    @Test func enqueueInARolledBackTransactionLeavesNoJob() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("rollback", payload: Note.self)
            let queue = JobQueue(database: runtime.database)
            let key = "test-rollback:\(UUID().uuidString.lowercased())"

            await #expect(throws: Rollback.self) {
                try await runtime.database.withTransaction { connection in
                    let id = try await JobQueue.enqueue(
                        kind, Note(text: "never"), uniqueKey: key, on: connection, logger: runtime.logger)
                    #expect(id != nil)
                    // Not visible to workers before the transaction commits.
                    #expect(try await queue.claim(kinds: [kind.name], limit: 5, worker: "w", lease: .seconds(30)).isEmpty)
                    throw Rollback()
                }
            }
            let left = try await JobTestSupport.jobs(kind: kind.name, runtime.database)
            #expect(left.isEmpty)
            // Nor does it hold on to its unique key.
            let after = try await queue.enqueue(kind, Note(text: "after"), uniqueKey: key)
            #expect(after != nil)
        }
    }

    @Test func enqueueInACommittedTransactionBecomesVisibleAtCommit() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("commit", payload: Note.self)
            let queue = JobQueue(database: runtime.database)
            let id = try await runtime.database.withTransaction { connection in
                let id = try await JobQueue.enqueue(kind, Note(text: "soon"), on: connection, logger: runtime.logger)
                #expect(try await queue.claim(kinds: [kind.name], limit: 5, worker: "w", lease: .seconds(30)).isEmpty)
                return id
            }
            let claimed = try await queue.claim(kinds: [kind.name], limit: 5, worker: "w", lease: .seconds(30))
            #expect(claimed.map(\.id) == [try #require(id)])
            #expect(claimed.first?.payload.contains("soon") == true)
            try await queue.complete(try #require(claimed.first))
        }
    }
}

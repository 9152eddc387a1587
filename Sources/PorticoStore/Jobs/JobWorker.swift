import Foundation
import Logging
import Metrics
import PorticoCore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Runs registered jobs: `concurrency` slots each claim one job at a time, renew its lease while it
/// runs, and record success, a retry with backoff, or death. A run past its kind's deadline is
/// cancelled and counts as a failed attempt (unless its handler deals with the cancellation and
/// returns normally); its lease is no longer renewed, and a handler that ignores the cancellation
/// is abandoned after `deadlineGrace`, freeing the slot (the job returns when its lease expires). On
/// graceful shutdown no new job is claimed; jobs still running when the service group's grace
/// period ends are cancelled and given back to the queue without using up an attempt.
public final class JobWorker: Service, Sendable {
    public struct Configuration: Sendable {
        public var name: String
        public var concurrency: Int
        public var lease: Duration
        public var pollInterval: Duration
        public var leaseRecoveryInterval: Duration
        /// How long a handler cancelled at its deadline may take to stop before its slot moves on.
        public var deadlineGrace: Duration

        public init(
            name: String = JobWorker.defaultName(), concurrency: Int = 4, lease: Duration = .seconds(30),
            pollInterval: Duration = .seconds(1), leaseRecoveryInterval: Duration = .seconds(5),
            deadlineGrace: Duration = .seconds(10)
        ) {
            self.name = name
            self.concurrency = concurrency
            self.lease = lease
            self.pollInterval = pollInterval
            self.leaseRecoveryInterval = leaseRecoveryInterval
            self.deadlineGrace = deadlineGrace
        }
    }

    let database: Database
    let queue: JobQueue
    let registry: JobRegistry
    let configuration: Configuration
    let logger: Logger
    private let signal = WakeUpSignal()
    private let stopping = Atomic<Bool>(false)

    public init(database: Database, queue: JobQueue, registry: JobRegistry, configuration: Configuration, logger: Logger) {
        self.database = database
        self.queue = queue
        self.registry = registry
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "worker"] = .string(configuration.name)
        self.logger = logger
    }

    public static func defaultName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    public func run() async throws {
        let scheduler = PeriodicScheduler(database: database, jobs: registry.periodic)
        try await scheduler.register()
        logger.info("worker started", metadata: ["concurrency": "\(configuration.concurrency)", "kinds": "\(registry.kinds)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.listenForWakeUps() }
                group.addTask { await self.maintain(scheduler) }
                await withTaskGroup(of: Void.self) { slots in
                    for _ in 0..<configuration.concurrency { slots.addTask { await self.runSlot() } }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.logger.info("worker stopping: finishing in-flight jobs")
            self.stopping.store(true, ordering: .relaxed)
            self.signal.signal()
        }
        logger.info("worker stopped")
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) || Task.isCancelled }

    private func runSlot() async {
        while !isStopping {
            let generation = signal.generation
            do {
                let claimed = try await queue.claim(
                    kinds: registry.kinds, limit: 1, worker: configuration.name, lease: configuration.lease)
                guard let job = claimed.first else {
                    await signal.wait(since: generation, upTo: configuration.pollInterval)
                    continue
                }
                await execute(job)
            } catch {
                logger.error("claiming jobs failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: configuration.pollInterval)
            }
        }
    }

    private func execute(_ job: ClaimedJob) async {
        var jobLogger = logger
        jobLogger[metadataKey: "job_id"] = "\(job.id)"
        jobLogger[metadataKey: "job_kind"] = .string(job.kind)
        jobLogger[metadataKey: "attempt"] = "\(job.attempt)"
        guard let registration = registry.registrations[job.kind] else {
            await record(.finished(.failure(JobWorkerError.noHandler(job.kind))), of: job, deadline: .zero, followUps: [],
                         logger: jobLogger)
            return
        }
        let context = JobContext(
            jobID: job.id, attempt: job.attempt, maxAttempts: job.maxAttempts, deadline: registration.deadline, logger: jobLogger)
        let started = ContinuousClock.now
        let run = AbandonableRun { try await registration.handler(job.payload, context) }
        let outcome = await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.renewLease(of: job, until: context.deadlineAt) }
            let outcome = await run.outcome(deadline: context.deadlineAt, grace: configuration.deadlineGrace)
            group.cancelAll()
            return outcome
        }
        let elapsed = ContinuousClock.now - started
        Timer(label: "portico_job_duration_seconds", dimensions: [("kind", job.kind)]).recordNanoseconds(
            Int64(elapsed.seconds * 1e9))
        await record(outcome, of: job, deadline: context.deadline, followUps: context.followUps.all, logger: jobLogger)
    }

    private func record(
        _ outcome: AbandonableRun.Outcome, of job: ClaimedJob, deadline: Duration, followUps: [NewJob], logger jobLogger: Logger
    ) async {
        // Bookkeeping must happen even when this task is being cancelled by shutdown.
        await Task {
            do {
                switch outcome {
                case .finished(.success), .stoppedAtDeadline(.success):
                    try await queue.complete(job, followUps: followUps)
                    Counter(label: "portico_jobs_completed_total", dimensions: [("kind", job.kind)]).increment()
                    jobLogger.debug("job succeeded")
                case .finished(.failure(let error)) where error is CancellationError && isStopping:
                    try await queue.release(job)
                    jobLogger.notice("job released at shutdown")
                case .finished(.failure(let error)):
                    try await fail(job, error: error, logger: jobLogger)
                case .stoppedAtDeadline(.failure):
                    try await fail(job, error: JobDeadlineExceeded(deadline), logger: jobLogger)
                case .abandoned:
                    Counter(label: "portico_jobs_abandoned_total", dimensions: [("kind", job.kind)]).increment()
                    jobLogger.error("job ignored cancellation at its deadline; abandoned, its lease will expire", metadata: [
                        "deadline": "\(JobDeadlineExceeded(deadline))",
                    ])
                }
            } catch {
                jobLogger.error("recording job outcome failed; its lease will expire and it will run again",
                                metadata: ["error": "\(error)"])
            }
        }.value
    }

    private func fail(_ job: ClaimedJob, error: any Error, logger jobLogger: Logger) async throws {
        try await queue.fail(job, error: readableDescription(of: error))
        Counter(label: "portico_jobs_failed_total", dimensions: [("kind", job.kind)]).increment()
        let level: Logger.Level = job.attempt >= job.maxAttempts ? .error : .warning
        jobLogger.log(level: level, "job failed", metadata: [
            "error": "\(readableDescription(of: error))", "attempts_used_up": "\(job.attempt >= job.maxAttempts)",
        ])
    }

    /// Keeps the lease alive until cancelled (the run ended) or until the run's deadline: a run
    /// past it is not kept alive, so a hung one loses the job when the lease expires.
    private func renewLease(of job: ClaimedJob, until deadline: ContinuousClock.Instant) async {
        while ContinuousClock.now < deadline {
            do {
                try await Task.sleep(for: configuration.lease / 3)
            } catch {
                return
            }
            guard ContinuousClock.now < deadline else { return }
            do {
                if try await !queue.renewLease(job, lease: configuration.lease) {
                    logger.warning("lost the lease on a running job", metadata: ["job_id": "\(job.id)"])
                }
            } catch {
                logger.warning("renewing a job lease failed", metadata: ["job_id": "\(job.id)", "error": "\(error)"])
            }
        }
    }

    private func maintain(_ scheduler: PeriodicScheduler) async {
        var lastRecovery = ContinuousClock.now - configuration.leaseRecoveryInterval
        while !Task.isCancelled && !stopping.load(ordering: .relaxed) {
            do {
                if try await scheduler.enqueueDue() > 0 { signal.signal() }
                if ContinuousClock.now - lastRecovery >= configuration.leaseRecoveryInterval {
                    lastRecovery = ContinuousClock.now
                    let recovered = try await queue.recoverExpiredLeases()
                    if recovered > 0 {
                        logger.notice("recovered jobs whose worker stopped", metadata: ["count": "\(recovered)"])
                        signal.signal()
                    }
                }
            } catch {
                logger.error("job maintenance failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func listenForWakeUps() async {
        await database.listen(on: JobQueue.wakeUpChannel) {
            self.signal.signal()
        } onInterruption: { error in
            self.logger.warning("job notifications interrupted; polling until they resume", metadata: ["error": "\(error)"])
        }
    }
}

enum JobWorkerError: Error, CustomStringConvertible {
    case noHandler(String)

    var description: String {
        switch self {
        case .noHandler(let kind): "no handler registered for job kind \(kind)"
        }
    }
}

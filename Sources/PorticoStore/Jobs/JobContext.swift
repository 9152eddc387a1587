import Foundation
import Logging
import Synchronization

/// What a running job can use besides its payload.
public struct JobContext: Sendable {
    public let jobID: Int64
    public let attempt: Int
    public let maxAttempts: Int
    /// How long this run may take; past it the handler is cancelled.
    public let deadline: Duration
    public let logger: Logger
    let deadlineAt: ContinuousClock.Instant
    let followUps = FollowUps()

    public init(
        jobID: Int64, attempt: Int, maxAttempts: Int, deadline: Duration = JobKind<EmptyPayload>.defaultDeadline, logger: Logger
    ) {
        self.jobID = jobID
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.deadline = deadline
        self.deadlineAt = .now + deadline
        self.logger = logger
    }

    /// True once the run's deadline has passed: a cancellation seen then is the deadline's, not a
    /// shutdown's.
    public var isPastDeadline: Bool { ContinuousClock.now >= deadlineAt }

    /// Enqueues a job when, and only if, this one succeeds: in the transaction that marks this one
    /// done, so a job can schedule its own next run under the same unique key.
    public func enqueueAfterSuccess<Payload>(
        _ kind: JobKind<Payload>, _ payload: Payload, uniqueKey: String? = nil, runAt: Date? = nil
    ) throws {
        followUps.add(try NewJob(kind, payload, uniqueKey: uniqueKey, runAt: runAt))
    }
}

/// Jobs to enqueue once the current one has succeeded.
final class FollowUps: Sendable {
    private let jobs = Mutex<[NewJob]>([])

    func add(_ job: NewJob) { jobs.withLock { $0.append(job) } }

    var all: [NewJob] { jobs.withLock { $0 } }
}

/// The run-time limit as operators read it in a job's last error: "deadline of 60 s exceeded".
public struct JobDeadlineExceeded: Error, CustomStringConvertible {
    public let deadline: Duration

    public init(_ deadline: Duration) { self.deadline = deadline }

    public var description: String {
        let seconds = deadline.seconds
        let text = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        return "deadline of \(text) s exceeded"
    }
}

import Foundation
import Logging
import Synchronization

/// What a running job can use besides its payload.
public struct JobContext: Sendable {
    public let jobID: Int64
    public let attempt: Int
    public let maxAttempts: Int
    public let logger: Logger
    let followUps = FollowUps()

    public init(jobID: Int64, attempt: Int, maxAttempts: Int, logger: Logger) {
        self.jobID = jobID
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// Enqueues a job when, and only if, this one succeeds: in the transaction that marks this one
    /// done, so a job can schedule its own next run under the same unique key.
    public func enqueueAfterSuccess<Payload>(
        _ kind: JobKind<Payload>, _ payload: Payload, uniqueKey: String? = nil, runAt: Date? = nil
    ) throws {
        let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        followUps.add(.init(name: kind.name, maxAttempts: kind.maxAttempts, payload: json, uniqueKey: uniqueKey, runAt: runAt))
    }
}

/// Jobs to enqueue once the current one has succeeded.
final class FollowUps: Sendable {
    struct Job: Sendable {
        let name: String
        let maxAttempts: Int
        let payload: String
        let uniqueKey: String?
        let runAt: Date?
    }

    private let jobs = Mutex<[Job]>([])

    func add(_ job: Job) { jobs.withLock { $0.append(job) } }

    var all: [Job] { jobs.withLock { $0 } }
}

/// The handlers a worker runs, by job kind. Modules register theirs at start-up.
public struct JobRegistry: Sendable {
    typealias Handler = @Sendable (_ payload: String, _ context: JobContext) async throws -> Void

    private(set) var handlers: [String: Handler] = [:]
    private(set) var periodic: [PeriodicJob] = []

    public init() {}

    public mutating func register<Payload>(
        _ kind: JobKind<Payload>, _ handler: @escaping @Sendable (Payload, JobContext) async throws -> Void
    ) {
        handlers[kind.name] = { json, context in
            let payload = try JSONDecoder().decode(Payload.self, from: Data(json.utf8))
            try await handler(payload, context)
        }
    }

    /// A job enqueued once per `interval` across all workers together.
    public mutating func schedule(_ kind: JobKind<EmptyPayload>, every interval: Duration) {
        periodic.append(PeriodicJob(name: kind.name, interval: interval, maxAttempts: kind.maxAttempts))
    }

    var kinds: [String] { handlers.keys.sorted() }
}

struct PeriodicJob: Sendable {
    let name: String
    let interval: Duration
    let maxAttempts: Int
}

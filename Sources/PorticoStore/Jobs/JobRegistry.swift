import Foundation
import Logging

/// What a running job can use besides its payload.
public struct JobContext: Sendable {
    public let jobID: Int64
    public let attempt: Int
    public let maxAttempts: Int
    public let logger: Logger

    public var isLastAttempt: Bool { attempt >= maxAttempts }

    public init(jobID: Int64, attempt: Int, maxAttempts: Int, logger: Logger) {
        self.jobID = jobID
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.logger = logger
    }
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

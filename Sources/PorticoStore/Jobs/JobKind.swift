/// A typed job name: the payload type travels with the name, so enqueuing and handling agree.
public struct JobKind<Payload: Codable & Sendable>: Sendable {
    public static var defaultDeadline: Duration { .seconds(300) }

    public let name: String
    public let maxAttempts: Int
    /// How long one run may take: then its handler is cancelled and the attempt counts as failed.
    public let deadline: Duration
    /// When set, a job whose attempts have run out starts over with fresh attempts this long after,
    /// instead of dying: for jobs that carry a schedule which must not end.
    public let startOverAfter: Duration?

    public init(_ name: String, maxAttempts: Int = 8, deadline: Duration = defaultDeadline, startOverAfter: Duration? = nil) {
        self.name = name
        self.maxAttempts = maxAttempts
        self.deadline = deadline
        self.startOverAfter = startOverAfter
    }
}

public enum JobState: String, Codable, Sendable, CaseIterable {
    case pending
    case running
    case succeeded
    case dead
}

/// No payload, for jobs such as periodic maintenance.
public struct EmptyPayload: Codable, Sendable {
    public init() {}
}

/// A typed job name: the payload type travels with the name, so enqueuing and handling agree.
public struct JobKind<Payload: Codable & Sendable>: Sendable {
    public let name: String
    public let maxAttempts: Int

    public init(_ name: String, maxAttempts: Int = 8) {
        self.name = name
        self.maxAttempts = maxAttempts
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

import Foundation

/// A job as operators see it (admin API, CLI).
public struct JobRecord: Codable, Sendable {
    public let id: Int64
    public let kind: String
    public let state: JobState
    public let attempts: Int
    public let maxAttempts: Int
    public let runAt: Date
    public let lastError: String?
    public let uniqueKey: String?
    public let createdAt: Date
    public let finishedAt: Date?
}

/// A job a worker holds the lease on. Its token names this claim: once the lease is lost, the
/// job's row changes only through a newer claim.
struct ClaimedJob: Sendable {
    let id: Int64
    let kind: String
    let payload: String
    let attempt: Int
    let maxAttempts: Int
    let token: UUID
}

import Foundation

/// A CI/CD run as every provider's delivery is turned into: what the entity view shows and what
/// the out-of-order rule compares.
struct CIRun: Codable, Sendable, Equatable {
    enum Status: String, Codable, Sendable {
        case queued
        case inProgress = "in_progress"
        case completed

        var rank: Int {
            switch self {
            case .queued: 1
            case .inProgress: 2
            case .completed: 3
            }
        }
    }

    let provider: String
    /// Lowercased `owner/name` (GitHub) or `group/project` (GitLab): what annotations name.
    let repository: String
    let runID: String
    let workflow: String
    let branch: String
    let defaultBranch: String?
    let status: Status
    /// `success`, `failure`, `cancelled`, `skipped`, `timed_out`, ... once completed.
    let conclusion: String?
    let url: String?
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?
    /// Re-runs of one run id count up; a later attempt replaces an earlier one's state.
    let attempt: Int
    let isDeployment: Bool
    /// When the change that ran was committed, for lead time.
    let commitAt: Date?
    /// The payload has no creation time (GitLab deployments): `createdAt` is this event's time and
    /// the run is filed under the time its first event was seen.
    var createdAtIsFirstSeen = false

    /// Which of two states of one run is newer: a later attempt, else a later status. A delivery
    /// whose rank is below the stored one's arrived out of order and changes nothing.
    var rank: Int { attempt * 4 + status.rank }

    var isFailure: Bool {
        status == .completed && ["failure", "timed_out", "startup_failure", "action_required"].contains(conclusion ?? "")
    }

    var durationSeconds: Double? {
        guard status == .completed, let finishedAt else { return nil }
        return max(0, finishedAt.timeIntervalSince(startedAt ?? createdAt))
    }

    var leadTimeHours: Double? {
        guard isDeployment, status == .completed, conclusion == "success", let finishedAt, let commitAt else { return nil }
        return max(0, finishedAt.timeIntervalSince(commitAt)) / 3_600
    }

    var isOnDefaultBranch: Bool { branch == (defaultBranch ?? "main") }

    /// Deploy runs are those of a workflow or pipeline named for deploying or releasing, GitLab
    /// deployment events and generic runs that say so.
    static func isDeploymentName(_ workflow: String) -> Bool {
        let name = workflow.lowercased()
        return name.contains("deploy") || name.contains("release")
    }
}

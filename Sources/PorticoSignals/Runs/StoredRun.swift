import Foundation

/// A run as stored in a `run` or `latestRun` row: the run, and the figures SQL reads from it
/// (the out-of-order rank, whether it failed, its duration and lead time).
struct StoredRun: Codable {
    let run: CIRun
    let rank: Int
    let status: String
    let failed: Bool
    let isDeployment: Bool
    let durationSeconds: Double?
    let leadTimeHours: Double?
    /// Orders states of the runs of one workflow and branch: the newer run, then the newer state.
    let order: String

    init(_ run: CIRun, filedAt: Date) {
        self.run = run
        rank = run.rank
        status = run.status.rawValue
        failed = run.isFailure
        isDeployment = run.isDeployment
        durationSeconds = run.durationSeconds
        leadTimeHours = run.leadTimeHours
        let created = filedAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        order = "\(created)|\(String(format: "%08d", run.rank))|\(run.runID)"
    }

    func json() throws -> String { try SignalJSON.text(self) }
}

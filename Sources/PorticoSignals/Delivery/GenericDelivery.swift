import Foundation
import PorticoCore
import PorticoGateway

/// A run from any CI system, in Portico's own shape (strictly decoded: an unknown field is an
/// error naming it). It names the entity directly (`entityRef`) or a repository that annotations
/// map (`repository` with `github.com/project-slug` or `gitlab.com/project-slug`).
struct GenericRun: Decodable {
    let run: CIRun
    let entityRef: String?

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case entityRef, repository, runId, workflow, branch, defaultBranch, status, conclusion, url
        case createdAt, startedAt, finishedAt, attempt, deployment, commitAt
    }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        entityRef = try container.decodeIfPresent(String.self, forKey: .entityRef)?.lowercased()
        let repository = try container.decodeIfPresent(String.self, forKey: .repository)?.lowercased()
        guard entityRef != nil || repository != nil else {
            throw PorticoError.validation("Name the run's entity ('entityRef') or its repository ('repository').", field: "repository")
        }
        let statusText = try container.decode(String.self, forKey: .status)
        guard let status = CIRun.Status(rawValue: statusText) else {
            throw PorticoError.validation("'status' must be queued, in_progress or completed.", field: "status")
        }
        let conclusion = try container.decodeIfPresent(String.self, forKey: .conclusion)
        guard (status == .completed) == (conclusion != nil) else {
            throw PorticoError.validation("'conclusion' is required once a run is completed, and only then.", field: "conclusion")
        }
        let workflow = try container.decode(String.self, forKey: .workflow)
        let runID = try container.decode(String.self, forKey: .runId)
        for (field, text) in [("runId", runID), ("workflow", workflow)] where text.isEmpty || text.count > 200 {
            throw PorticoError.validation("'\(field)' must be 1 to 200 characters.", field: field)
        }
        let attempt = try container.decodeIfPresent(Int.self, forKey: .attempt) ?? 1
        guard (1...10_000).contains(attempt) else { throw PorticoError.validation("'attempt' must be from 1 to 10000.", field: "attempt") }
        guard let createdAt = try Self.date(container, .createdAt) else {
            throw PorticoError.validation("'createdAt' is required.", field: "createdAt")
        }
        run = CIRun(
            provider: "generic", repository: repository ?? "", runID: runID, workflow: workflow,
            branch: try container.decodeIfPresent(String.self, forKey: .branch) ?? "",
            defaultBranch: try container.decodeIfPresent(String.self, forKey: .defaultBranch),
            status: status, conclusion: conclusion, url: try container.decodeIfPresent(String.self, forKey: .url),
            createdAt: createdAt,
            startedAt: try Self.date(container, .startedAt), finishedAt: try Self.date(container, .finishedAt),
            attempt: attempt,
            isDeployment: try container.decodeIfPresent(Bool.self, forKey: .deployment) ?? CIRun.isDeploymentName(workflow),
            commitAt: try Self.date(container, .commitAt))
    }

    private static func date(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = ProviderDate.parse(text) else {
            throw PorticoError.validation("'\(key.rawValue)' must be an ISO 8601 timestamp.", field: key.rawValue)
        }
        return date
    }
}

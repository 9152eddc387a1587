import Foundation

/// GitLab's pipeline and deployment events (`X-Gitlab-Event: Pipeline Hook` / `Deployment Hook`),
/// only the members named below decoded, their keys named one by one as GitLab writes them (see
/// `GitHubDelivery`).
enum GitLabDelivery {
    struct Project: Decodable {
        let pathWithNamespace: String
        let defaultBranch: String?
        let webUrl: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case pathWithNamespace = "path_with_namespace", defaultBranch = "default_branch", webUrl = "web_url"
        }
    }

    struct PipelineEvent: SelectedPayload {
        struct Attributes: Decodable {
            let id: Int64
            let name: String?
            let ref: String?
            let status: String
            let createdAt: String
            let finishedAt: String?
            let duration: Double?
            let url: String?

            enum CodingKeys: String, CodingKey, CaseIterable {
                case id, name, ref, status, duration, url
                case createdAt = "created_at", finishedAt = "finished_at"
            }
        }
        struct Commit: Decodable {
            let timestamp: String?

            enum CodingKeys: String, CodingKey, CaseIterable { case timestamp }
        }
        let objectAttributes: Attributes
        let project: Project
        let commit: Commit?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case objectAttributes = "object_attributes", project, commit
        }

        static let selection = JSONSelection.keys(CodingKeys.self, nested: [
            CodingKeys.objectAttributes.rawValue: .keys(Attributes.CodingKeys.self),
            CodingKeys.project.rawValue: .keys(Project.CodingKeys.self),
            CodingKeys.commit.rawValue: .keys(Commit.CodingKeys.self),
        ])
    }

    struct DeploymentEvent: SelectedPayload {
        let status: String
        let statusChangedAt: String
        let deploymentId: Int64
        let deployableUrl: String?
        let environment: String?
        let ref: String?
        let project: Project

        enum CodingKeys: String, CodingKey, CaseIterable {
            case status, environment, ref, project
            case statusChangedAt = "status_changed_at", deploymentId = "deployment_id", deployableUrl = "deployable_url"
        }

        static let selection = JSONSelection.keys(CodingKeys.self, nested: [CodingKeys.project.rawValue: .keys(Project.CodingKeys.self)])
    }

    /// A deployment event carries no creation time: its run is filed under the time its first
    /// event was seen (`RunStore` keeps it), so later states land on the same row.
    static func run(event: String, body: Data) throws -> CIRun? {
        switch event {
        case "Pipeline Hook":
            let payload = try PipelineEvent.decode(selectedFrom: body)
            let pipeline = payload.objectAttributes
            let (status, conclusion) = state(pipeline.status)
            let workflow = pipeline.name ?? "pipeline"
            let finished = status == .completed ? try date(pipeline.finishedAt, "object_attributes.finished_at") : nil
            return CIRun(
                provider: "gitlab", repository: payload.project.pathWithNamespace.lowercased(), runID: "pipeline:\(pipeline.id)",
                workflow: workflow, branch: pipeline.ref ?? "", defaultBranch: payload.project.defaultBranch,
                status: status, conclusion: conclusion, url: pipeline.url,
                createdAt: try date(pipeline.createdAt, "object_attributes.created_at")!,
                startedAt: finished.flatMap { finished in pipeline.duration.map { finished.addingTimeInterval(-$0) } },
                finishedAt: finished, attempt: 1, isDeployment: CIRun.isDeploymentName(workflow),
                commitAt: try date(payload.commit?.timestamp, "commit.timestamp"))
        case "Deployment Hook":
            let payload = try DeploymentEvent.decode(selectedFrom: body)
            let (status, conclusion) = state(payload.status)
            let changed = try date(payload.statusChangedAt, "status_changed_at")!
            return CIRun(
                provider: "gitlab", repository: payload.project.pathWithNamespace.lowercased(),
                runID: "deployment:\(payload.deploymentId)", workflow: "deploy \(payload.environment ?? "")".trimmingCharacters(in: .whitespaces),
                branch: payload.ref ?? "", defaultBranch: payload.project.defaultBranch,
                status: status, conclusion: conclusion, url: payload.deployableUrl,
                createdAt: changed, startedAt: nil, finishedAt: status == .completed ? changed : nil,
                attempt: 1, isDeployment: true, commitAt: nil, createdAtIsFirstSeen: true)
        default:
            return nil
        }
    }

    /// GitLab's statuses: created, waiting_for_resource, preparing, pending, scheduled, manual,
    /// running, success, failed, canceled, skipped.
    static func state(_ text: String) -> (CIRun.Status, String?) {
        switch text {
        case "running": (.inProgress, nil)
        case "success": (.completed, "success")
        case "failed": (.completed, "failure")
        case "canceled": (.completed, "cancelled")
        case "skipped": (.completed, "skipped")
        default: (.queued, nil)
        }
    }

    private static func date(_ text: String?, _ field: String) throws -> Date? {
        guard let text else { return nil }
        guard let date = ProviderDate.parse(text) else { throw PayloadProblem.date(field) }
        return date
    }
}

import Foundation

/// GitHub's `workflow_run` and `check_run` events, as much of them as a run needs: only the
/// members the types below name are decoded (`JSONSelection`), and their keys are named one by
/// one rather than converted from snake case.
enum GitHubDelivery {
    struct Repository: Decodable {
        let fullName: String
        let defaultBranch: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case fullName = "full_name", defaultBranch = "default_branch"
        }
    }

    struct WorkflowRunEvent: SelectedPayload {
        struct Run: Decodable {
            struct Commit: Decodable {
                let timestamp: String?

                enum CodingKeys: String, CodingKey, CaseIterable { case timestamp }
            }
            let id: Int64
            let name: String?
            let headBranch: String?
            let status: String
            let conclusion: String?
            let htmlUrl: String?
            let createdAt: String
            let runStartedAt: String?
            let updatedAt: String?
            let runAttempt: Int?
            let headCommit: Commit?

            enum CodingKeys: String, CodingKey, CaseIterable {
                case id, name, status, conclusion
                case headBranch = "head_branch", htmlUrl = "html_url", createdAt = "created_at", runStartedAt = "run_started_at"
                case updatedAt = "updated_at", runAttempt = "run_attempt", headCommit = "head_commit"
            }
        }
        let workflowRun: Run
        let repository: Repository

        enum CodingKeys: String, CodingKey, CaseIterable {
            case workflowRun = "workflow_run", repository
        }

        static let selection = JSONSelection.keys(CodingKeys.self, nested: [
            CodingKeys.workflowRun.rawValue: .keys(Run.CodingKeys.self, nested: [Run.CodingKeys.headCommit.rawValue: .keys(Run.Commit.CodingKeys.self)]),
            CodingKeys.repository.rawValue: .keys(Repository.CodingKeys.self),
        ])
    }

    struct CheckRunEvent: SelectedPayload {
        struct Check: Decodable {
            struct Suite: Decodable {
                let headBranch: String?

                enum CodingKeys: String, CodingKey, CaseIterable { case headBranch = "head_branch" }
            }
            let id: Int64
            let name: String
            let status: String
            let conclusion: String?
            let htmlUrl: String?
            let startedAt: String?
            let completedAt: String?
            let checkSuite: Suite?

            enum CodingKeys: String, CodingKey, CaseIterable {
                case id, name, status, conclusion
                case htmlUrl = "html_url", startedAt = "started_at", completedAt = "completed_at", checkSuite = "check_suite"
            }
        }
        let checkRun: Check
        let repository: Repository

        enum CodingKeys: String, CodingKey, CaseIterable {
            case checkRun = "check_run", repository
        }

        static let selection = JSONSelection.keys(CodingKeys.self, nested: [
            CodingKeys.checkRun.rawValue: .keys(Check.CodingKeys.self, nested: [Check.CodingKeys.checkSuite.rawValue: .keys(Check.Suite.CodingKeys.self)]),
            CodingKeys.repository.rawValue: .keys(Repository.CodingKeys.self),
        ])
    }

    static func run(event: String, body: Data) throws -> CIRun? {
        switch event {
        case "workflow_run":
            let payload = try WorkflowRunEvent.decode(selectedFrom: body)
            let run = payload.workflowRun
            let status = status(run.status)
            let workflow = run.name ?? "workflow"
            return CIRun(
                provider: "github", repository: payload.repository.fullName.lowercased(), runID: "run:\(run.id)",
                workflow: workflow, branch: run.headBranch ?? "", defaultBranch: payload.repository.defaultBranch,
                status: status, conclusion: status == .completed ? run.conclusion : nil, url: run.htmlUrl,
                createdAt: try date(run.createdAt, "workflow_run.created_at"),
                startedAt: try run.runStartedAt.map { try date($0, "workflow_run.run_started_at") },
                finishedAt: status == .completed ? try run.updatedAt.map { try date($0, "workflow_run.updated_at") } : nil,
                attempt: run.runAttempt ?? 1, isDeployment: CIRun.isDeploymentName(workflow),
                commitAt: try run.headCommit?.timestamp.map { try date($0, "workflow_run.head_commit.timestamp") })
        case "check_run":
            let payload = try CheckRunEvent.decode(selectedFrom: body)
            let check = payload.checkRun
            let status = status(check.status)
            guard let started = check.startedAt else { throw PayloadProblem.missing("check_run.started_at") }
            return CIRun(
                provider: "github", repository: payload.repository.fullName.lowercased(), runID: "check:\(check.id)",
                workflow: check.name, branch: check.checkSuite?.headBranch ?? "", defaultBranch: payload.repository.defaultBranch,
                status: status, conclusion: status == .completed ? check.conclusion : nil, url: check.htmlUrl,
                createdAt: try date(started, "check_run.started_at"), startedAt: nil,
                finishedAt: status == .completed ? try check.completedAt.map { try date($0, "check_run.completed_at") } : nil,
                attempt: 1, isDeployment: CIRun.isDeploymentName(check.name), commitAt: nil)
        default:
            return nil
        }
    }

    /// GitHub's statuses: `queued`, `requested`, `waiting`, `pending`, `inProgress`, `completed`.
    static func status(_ text: String) -> CIRun.Status {
        switch text {
        case "completed": .completed
        case "in_progress": .inProgress
        default: .queued
        }
    }

    private static func date(_ text: String, _ field: String) throws -> Date {
        guard let date = ProviderDate.parse(text) else { throw PayloadProblem.date(field) }
        return date
    }
}

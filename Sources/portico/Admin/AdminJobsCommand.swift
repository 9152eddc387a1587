import ArgumentParser
import Foundation

struct AdminJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Inspect the job queue and retry dead jobs.", subcommands: [List.self, Retry.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first.")
        @OptionGroup var options: AdminOptions
        @Option(help: "pending, running, succeeded or dead.") var state: String?
        @Option(help: "Page size (1-500).") var limit = 50
        @Option(help: "Continue after this cursor.") var cursor: String?

        func run() async throws {
            try await runAdmin(options) {
                let page = try await options.client().get("/admin/v1/jobs", query: [
                    "state": state, "limit": String(limit), "cursor": cursor,
                ]) as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(page) }
                AdminOutput.printTable(page["items"] as? [[String: Any]] ?? [], columns: [
                    ("ID", "id"), ("KIND", "kind"), ("STATE", "state"), ("ATTEMPTS", "attempts"), ("RUN AT", "runAt"),
                    ("LAST ERROR", "lastError"),
                ])
                if let next = page["nextCursor"] as? String { print("more: --cursor \(next)") }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a dead job back in the queue.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Job id.") var id: Int64

        func run() async throws {
            try await runAdmin(options) {
                let result = try await options.client().post("/admin/v1/jobs/\(id)/retry")
                if options.json { return AdminOutput.printJSON(result) }
                print("job \(id) queued again")
            }
        }
    }
}

struct AdminAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the audit log, newest first.")
    @OptionGroup var options: AdminOptions
    @Option(help: "Only entries about this target: a tenant's slug or id, or job:ID.") var target: String?
    @Option(help: "Page size (1-500).") var limit = 50
    @Option(help: "Entries before this id.") var before: String?

    func run() async throws {
        try await runAdmin(options) {
            let page = try await options.client().get("/admin/v1/audit", query: [
                "target": target, "limit": String(limit), "before": before,
            ]) as? [String: Any] ?? [:]
            if options.json { return AdminOutput.printJSON(page) }
            AdminOutput.printTable(page["items"] as? [[String: Any]] ?? [], columns: [
                ("ID", "id"), ("AT", "at"), ("OPERATOR", "operatorName"), ("ACTION", "action"), ("TARGET", "target"), ("TENANT", "targetSlug"),
                ("DETAIL", "detail"),
            ])
        }
    }
}

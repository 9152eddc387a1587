import ArgumentParser
import Foundation

struct AdminBillingPlansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans", abstract: "The versioned price book: list, show, publish a version, migrate subscriptions.",
        subcommands: [List.self, Show.self, PublishVersion.self, Migrate.self])

    static let columns = [("PLAN", "plan"), ("VERSION", "version"), ("CURRENCY", "currency"), ("BASE FEE", "baseFee")]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every version of every plan, newest first.")
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await runAdmin(options) {
                let page = try await options.client().get("/admin/v1/billing/plans") as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(page) }
                AdminOutput.printTable(page["items"] as? [[String: Any]] ?? [], columns: AdminBillingPlansCommand.columns)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One plan's versions with their meter prices.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Plan: free, team or enterprise.") var plan: String

        func run() async throws {
            try await runAdmin(options) {
                let page = try await options.client().get("/admin/v1/billing/plans/\(plan)") as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(page) }
                for version in page["items"] as? [[String: Any]] ?? [] {
                    AdminOutput.printRecord(version, keys: ["plan", "version", "currency", "baseFee"])
                    AdminOutput.printTable(version["meters"] as? [[String: Any]] ?? [], columns: [
                        ("METER", "meter"), ("INCLUDED", "included"), ("UNIT SIZE", "unitSize"),
                    ])
                }
            }
        }
    }

    struct PublishVersion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish-version",
            abstract: "Publish a plan's next price version from a JSON file ({currency, baseFee, meters}); subscriptions stay on theirs until migrated.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Plan: free, team or enterprise.") var plan: String
        @Option(help: "The version's prices as JSON.") var file: String

        func run() async throws {
            try await runAdmin(options) {
                guard let data = FileManager.default.contents(atPath: file),
                      let body = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { throw AdminFailure.usage("'\(file)' is not a readable JSON object") }
                let published = try await options.client().post("/admin/v1/billing/plans/\(plan)/versions", body: body) as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(published) }
                print("published \(plan) version \(AdminOutput.text(published["version"]))")
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a plan's subscriptions to a version (the newest by default), each from its clock's time on.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Plan: free, team or enterprise.") var plan: String
        @Option(help: "The version to move to (default: the newest).") var toVersion: Int?
        @Flag(help: "List the subscriptions that would move, changing nothing.") var dryRun = false

        func run() async throws {
            try await runAdmin(options) {
                var body: [String: Any] = ["dryRun": dryRun]
                if let toVersion { body["toVersion"] = toVersion }
                let report = try await options.client().post("/admin/v1/billing/plans/\(plan)/migrate", body: body) as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(report) }
                print("\(dryRun ? "would move" : "moved") \(AdminOutput.text(report["subscriptions"])) subscription(s) of \(plan) to version \(AdminOutput.text(report["toVersion"]))")
                AdminOutput.printTable(report["tenants"] as? [[String: Any]] ?? [], columns: [("TENANT", "tenantId"), ("FROM VERSION", "fromVersion")])
            }
        }
    }
}

struct AdminBillingProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles", abstract: "Approve tenants' billing profiles.", subcommands: [Approve.self])

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a tenant's billing profile with the tax rate its invoices carry (its trial then ends on the paid plan).")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Tenant slug or id.") var tenant: String
        @Option(help: "Tax rate in basis points (1900 = 19%).") var taxRateBasisPoints = 0

        func run() async throws {
            try await runAdmin(options) {
                let client = try options.client()
                let id = try await AdminBillingCommand.tenantID(tenant, client: client)
                let profile = try await client.post(
                    "/admin/v1/billing/tenants/\(id)/profile/approve", body: ["taxRateBasisPoints": taxRateBasisPoints]) as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(profile) }
                AdminOutput.printRecord(profile, keys: ["legalName", "email", "taxRateBasisPoints", "approvedAt", "approvedBy"])
            }
        }
    }
}

import ArgumentParser
import Foundation

/// `portico admin billing`: runs, invoices, credit notes, the price book, test clocks, profiles.
struct AdminBillingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing", abstract: "Run billing, manage invoices, prices, test clocks and billing profiles.",
        subcommands: [Run.self, AdminBillingInvoicesCommand.self, AdminBillingCreditNotesCommand.self, AdminBillingPlansCommand.self,
                      Clock.self, AdminBillingProfilesCommand.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close every period, trial and draft that is due, and apply dunning; --dry-run reports it and changes nothing.")
        @OptionGroup var options: AdminOptions
        @Flag(help: "Report what the run would do, changing nothing.") var dryRun = false

        func run() async throws {
            try await runAdmin(options) {
                if !options.json { print(dryRun ? "billing run (dry run)…" : "billing run…") }
                let report = try await options.client().post("/admin/v1/billing/runs", body: ["dryRun": dryRun]) as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(report) }
                AdminOutput.printRecord(report, keys: [
                    "dryRun", "tenantsVisited", "invoicesCreated", "invoicesFinalized", "trialsEnded", "subscriptionsPastDue",
                    "tenantsSuspended", "subscriptionsStarted", "failures",
                ])
                AdminOutput.printTable(report["items"] as? [[String: Any]] ?? [], columns: [
                    ("TENANT", "tenantId"), ("ACTION", "action"), ("DETAIL", "detail"),
                ])
            }
        }
    }

    struct Clock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a tenant on a test clock, or move its clock forward, and bill what falls due by then.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Tenant slug or id.") var tenant: String
        @Option(help: "The clock's new time, ISO 8601 (2027-01-31T23:59:59Z).") var advanceTo: String?
        @Flag(help: "Take the tenant off its test clock, back to the wall clock.") var remove = false

        func run() async throws {
            try await runAdmin(options) {
                let client = try options.client()
                let id = try await AdminBillingCommand.tenantID(tenant, client: client)
                if remove {
                    _ = try await client.delete("/admin/v1/billing/tenants/\(id)/clock")
                    if !options.json { print("\(tenant) is back on the wall clock") }
                    return
                }
                guard let advanceTo else { throw AdminFailure.usage("give --advance-to <ISO time> or --remove") }
                let report = try await client.put("/admin/v1/billing/tenants/\(id)/clock", body: ["time": advanceTo])
                if options.json { return AdminOutput.printJSON(report) }
                print("\(tenant)'s clock is at \(advanceTo)")
                AdminOutput.printTable((report as? [String: Any])?["items"] as? [[String: Any]] ?? [], columns: [
                    ("ACTION", "action"), ("DETAIL", "detail"),
                ])
            }
        }
    }

    /// Billing's admin routes take tenant ids; operators type slugs.
    static func tenantID(_ reference: String, client: AdminClient) async throws -> String {
        let tenant = try await client.get(AdminTenantsCommand.path(reference)) as? [String: Any] ?? [:]
        guard let id = tenant["id"] as? String else { throw AdminFailure.notFound("no tenant '\(reference)'") }
        return id
    }
}

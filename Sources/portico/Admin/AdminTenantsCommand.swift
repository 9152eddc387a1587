import ArgumentParser
import Foundation

struct AdminTenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "List, inspect and change tenants (by slug or id).",
        subcommands: [List.self, Show.self, Create.self, Suspend.self, Resume.self, Delete.self, SetPlan.self])

    static let columns = [("ID", "id"), ("SLUG", "slug"), ("STATUS", "status"), ("PLAN", "plan"), ("NAME", "name"), ("CREATED", "createdAt")]
    static let recordKeys = ["id", "slug", "name", "status", "statusReason", "plan", "rateLimitOverride", "adminEmail", "createdAt", "activatedAt", "deletedAt"]

    /// `show` adds what the plan gives the tenant.
    static let detailKeys = recordKeys + [
        "entitlements", "limits.requestsPerSecond", "limits.burst", "limits.maxEntities", "limits.maxLocations", "limits.maxAPIKeys",
    ]

    static func printTenant(_ value: Any, options: AdminOptions, keys: [String] = recordKeys) {
        if options.json { AdminOutput.printJSON(value) } else { AdminOutput.printRecord(value as? [String: Any] ?? [:], keys: keys) }
    }

    static func path(_ reference: String) -> String {
        "/admin/v1/tenants/" + (reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? reference)
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants, oldest first.")
        @OptionGroup var options: AdminOptions
        @Option(help: "Only tenants in this status.") var status: String?
        @Option(help: "Only tenants on this plan.") var plan: String?
        @Option(help: "Only slugs starting with this.") var slugPrefix: String?
        @Option(help: "Page size (1-500).") var limit = 50
        @Option(help: "Continue after this cursor (printed after a full page).") var cursor: String?

        func run() async throws {
            try await runAdmin(options) {
                let page = try await options.client().get("/admin/v1/tenants", query: [
                    "status": status, "plan": plan, "slugPrefix": slugPrefix, "limit": String(limit), "cursor": cursor,
                ]) as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(page) }
                AdminOutput.printTable(page["items"] as? [[String: Any]] ?? [], columns: AdminTenantsCommand.columns)
                if let next = page["nextCursor"] as? String { print("more: --cursor \(next)") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one tenant, with its entitlements and limits.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Slug or id.") var tenant: String

        func run() async throws {
            try await runAdmin(options) {
                printTenant(try await options.client().get(path(tenant)), options: options, keys: detailKeys)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant; prints its first API key once.")
        @OptionGroup var options: AdminOptions
        @Option(help: "Organization name.") var organization: String
        @Option(help: "Slug: 3-40 of a-z, 0-9, '-'.") var slug: String
        @Option(help: "Administrator's email.") var adminEmail: String
        @Option(help: "Plan: free, team or enterprise.") var plan = "free"

        func run() async throws {
            try await runAdmin(options) {
                let result = try await options.client().post("/admin/v1/tenants", body: [
                    "organization": organization, "slug": slug, "adminEmail": adminEmail, "plan": plan,
                ]) as? [String: Any] ?? [:]
                AdminOutput.noteShownOnce("apiKey")
                if options.json { return AdminOutput.printJSON(result) }
                AdminOutput.printRecord(result, keys: ["tenant.id", "tenant.slug", "tenant.status", "apiKey", "statusUrl"])
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a tenant: every key gets 403 tenant_suspended.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Slug or id.") var tenant: String
        @Option(help: "Why (kept with the tenant and in the audit log).") var reason: String?

        func run() async throws {
            try await runAdmin(options) {
                var body: [String: Any] = [:]
                if let reason { body["reason"] = reason }
                printTenant(try await options.client().post(path(tenant) + "/suspend", body: body), options: options)
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended tenant.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Slug or id.") var tenant: String

        func run() async throws {
            try await runAdmin(options) {
                printTenant(try await options.client().post(path(tenant) + "/resume"), options: options)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tenant: its schema is dropped and its keys revoked by a background job.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Slug or id.") var tenant: String
        @Flag(help: "Confirm: this destroys the tenant's data.") var yes = false

        func run() async throws {
            try await runAdmin(options) {
                guard yes else { throw AdminFailure.usage("deleting destroys the tenant's data; add --yes to confirm") }
                printTenant(try await options.client().delete(path(tenant)), options: options)
            }
        }
    }

    struct SetPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-plan", abstract: "Change a tenant's plan.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Slug or id.") var tenant: String
        @Argument(help: "free, team or enterprise.") var plan: String
        @Option(help: "Custom rate limit (requests per second) replacing the plan's.") var rateLimit: Int?

        func run() async throws {
            try await runAdmin(options) {
                var body: [String: Any] = ["plan": plan]
                if let rateLimit { body["rateLimitPerSecond"] = rateLimit }
                printTenant(try await options.client().put(path(tenant) + "/plan", body: body), options: options)
            }
        }
    }
}

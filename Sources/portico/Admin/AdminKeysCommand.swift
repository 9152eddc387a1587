import ArgumentParser
import Foundation

struct AdminKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Issue, list and revoke a tenant's API keys.",
        subcommands: [Issue.self, List.self, Revoke.self])

    static let columns = [("ID", "id"), ("NAME", "name"), ("PREFIX", "prefix"), ("SCOPES", "scopes"), ("EXPIRES", "expiresAt"),
                          ("REVOKED", "revokedAt"), ("LAST USED", "lastUsedAt")]

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a key; its secret is printed this once only.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Tenant slug or id.") var tenant: String
        @Option(help: "A name for the key.") var name: String
        @Option(name: .customLong("scope"), help: "A scope (repeat): catalog:read, catalog:write, insights:read, insights:write, aika:ask, aika:admin, billing:read, billing:admin, signals:read, signals:write, tenant:admin.")
        var scopes: [String] = []
        @Option(help: "Expiry, ISO 8601 (e.g. 2027-01-31T00:00:00Z).") var expiresAt: String?

        func run() async throws {
            try await runAdmin(options) {
                var body: [String: Any] = ["name": name, "scopes": scopes]
                if let expiresAt { body["expiresAt"] = expiresAt }
                let key = try await options.client().post(AdminTenantsCommand.path(tenant) + "/keys", body: body) as? [String: Any] ?? [:]
                AdminOutput.noteShownOnce("secret")
                if options.json { return AdminOutput.printJSON(key) }
                AdminOutput.printRecord(key, keys: ["id", "name", "scopes", "expiresAt", "secret"])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's keys (never their secrets).")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Tenant slug or id.") var tenant: String

        func run() async throws {
            try await runAdmin(options) {
                let page = try await options.client().get(AdminTenantsCommand.path(tenant) + "/keys") as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(page) }
                AdminOutput.printTable(page["items"] as? [[String: Any]] ?? [], columns: AdminKeysCommand.columns)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; every replica refuses it within 2 s.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Tenant slug or id.") var tenant: String
        @Argument(help: "Key id (either case).") var key: String

        func run() async throws {
            try await runAdmin(options) {
                let revoked = try await options.client().delete(AdminTenantsCommand.path(tenant) + "/keys/\(key)") as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(revoked) }
                AdminOutput.printRecord(revoked, keys: ["id", "name", "revokedAt"])
            }
        }
    }
}

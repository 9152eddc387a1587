import ArgumentParser

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Operate the fleet through the admin API (PORTICO_URL, PORTICO_OPERATOR_TOKEN).",
        discussion: """
            Exit codes: 0 done; 1 the server refused the request; 4 not found; 64 bad usage; 69 server unreachable; \
            77 operator token refused. With --json, output and errors are JSON.
            """,
        subcommands: [AdminTenantsCommand.self, AdminKeysCommand.self, AdminJobsCommand.self, AdminAuditCommand.self, AdminBillingCommand.self]
    )
}

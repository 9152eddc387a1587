import ArgumentParser
import Foundation
import PorticoApp
import PorticoStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending control and tenant migrations.",
        discussion: "Tenant schemas are migrated one transaction each, in parallel; a failed schema does not stop the others. Exit code 1 when any schema failed."
    )

    @OptionGroup var options: ServerOptions

    @Flag(help: "List what is pending per schema without applying it.")
    var dryRun = false

    func run() async throws {
        let runtime = try Runtime(settings: try await options.settings(), role: "migrate")
        let dryRun = self.dryRun
        let started = ContinuousClock.now
        try await DatabaseReachability.wait(for: runtime, bound: runtime.settings.databaseStartupWait)
        do {
            try await runtime.withRunningClient {
                let migrator = runtime.migrator
                if dryRun {
                    let plan = try await migrator.plan()
                    print(MigrationPlanReport.render(plan))
                } else {
                    let report = try await migrator.migrate(progress: .standardError())
                    print("control: \(report.controlApplied) migration(s) applied; tenants: \(report.tenantSchemasMigrated) of \(report.tenantSchemasTotal) schema(s) migrated in \(ContinuousClock.now - started)")
                }
            }
        } catch let error as MigrationError {
            FileHandle.standardError.write(Data("portico migrate: \(error)\n".utf8))
            throw ExitCode.failure
        } catch let error as MigrationSet.LoadError {
            FileHandle.standardError.write(Data("portico migrate: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

enum MigrationPlanReport {
    static func render(_ plan: MigrationPlan) -> String {
        if plan.isEmpty { return "nothing pending (\(plan.tenantSchemaCount) tenant schema(s) current)" }
        var lines: [String] = []
        if !plan.control.isEmpty {
            lines.append("control: " + plan.control.map(\.path).joined(separator: ", "))
        }
        for work in plan.tenants.prefix(50) {
            lines.append("\(work.schema): " + work.pending.map(\.path).joined(separator: ", "))
        }
        if plan.tenants.count > 50 { lines.append("... and \(plan.tenants.count - 50) more tenant schema(s)") }
        lines.append("\(plan.tenants.count) of \(plan.tenantSchemaCount) tenant schema(s) have pending migrations")
        return lines.joined(separator: "\n")
    }
}

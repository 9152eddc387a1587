import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// What the tenant and admin APIs read and do, over the stores: controllers encode its values.
struct BillingService: Sendable {
    let database: Database
    let lifecycle: SubscriptionLifecycle
    let composer: InvoiceComposer
    let invoices: InvoiceActions
    let run: BillingRun
    let clocks: TenantClocks
    let audit: any AuditTrail
    let meters: [Meter]
    let issuer: String

    var logger: Logger { database.logger }

    func usage(of tenant: TenantContext) async throws -> UsageOverview {
        let subscription = try await lifecycle.subscription(of: tenant)
        return try await database.withConnection { connection in
            let now = try await TenantClocks.nows(of: [tenant.id], on: connection, logger: logger)[tenant.id] ?? Date()
            return try await UsageOverview.compose(subscription, now: now, meters: meters, composer: composer, on: connection, logger: logger)
        }
    }

    /// A tenant's invoices (every tenant's for an operator, when `tenant` is nil).
    func invoices(of tenant: TenantID?, status: InvoiceStatus?, limit: Int) async throws -> [Invoice] {
        try await database.withConnection { connection in
            try await InvoiceStore.list(tenant: tenant, status: status, limit: limit, on: connection, logger: logger)
        }
    }

    /// One invoice; another tenant's is not found, like one that does not exist.
    func invoice(_ id: UUID, of tenant: TenantID?) async throws -> Invoice {
        let found = try await database.withConnection { connection in
            try await InvoiceStore.find(id, tenant: tenant, on: connection, logger: logger)
        }
        guard let found else { throw PorticoError.notFound("No invoice \(id.uuidString.lowercased()).") }
        return found
    }

    func invoiceHTML(_ invoice: Invoice) async throws -> String {
        let (profile, notes) = try await database.withConnection { connection in
            (try await BillingProfileStore.find(invoice.tenant, on: connection, logger: logger),
             try await CreditNoteStore.notes(of: invoice.id, on: connection, logger: logger))
        }
        return try InvoiceHTML.render(invoice, profile: profile, issuer: issuer, creditNotes: notes)
    }

    func profile(of tenant: TenantID) async throws -> BillingProfile? {
        try await database.withConnection { try await BillingProfileStore.find(tenant, on: $0, logger: logger) }
    }

    func writeProfile(_ request: BillingProfileRequest, for tenant: TenantID) async throws -> BillingProfile {
        let details = try request.validated()
        return try await database.withTransaction { connection in
            try await BillingProfileStore.write(details, tenant: tenant, at: Date(), on: connection, logger: logger)
            guard let written = try await BillingProfileStore.find(tenant, on: connection, logger: logger) else {
                throw PorticoError.notFound("No billing profile.")
            }
            return written
        }
    }

    func approveProfile(of tenant: TenantID, taxRateBasisPoints: Int, by actor: AuthenticatedOperator) async throws -> BillingProfile {
        guard (0...10_000).contains(taxRateBasisPoints) else {
            throw PorticoError.validation("'taxRateBasisPoints' must be between 0 and 10000 (100%).", field: "taxRateBasisPoints")
        }
        return try await database.withTransaction { connection in
            guard try await BillingProfileStore.approve(tenant, taxRateBasisPoints: taxRateBasisPoints, by: actor.name, at: Date(), on: connection, logger: logger),
                  let approved = try await BillingProfileStore.find(tenant, on: connection, logger: logger)
            else { throw PorticoError.notFound("Tenant \(tenant) has written no billing profile to approve.") }
            try await audit.record(
                "billing.profile.approve", target: tenant.description, detail: ["taxRateBasisPoints": String(taxRateBasisPoints)],
                by: actor, on: connection, logger: logger)
            return approved
        }
    }

    /// Moves a tenant's test clock (putting it on one), then bills what fell due by then.
    /// A tenant without a subscription yet (from before billing) starts one at the clock's time.
    func setClock(of tenant: TenantID, plan: PlanID, to time: Date, by actor: AuthenticatedOperator) async throws -> BillingRunReport {
        try await database.withTransaction { connection in
            try await clocks.set(tenant, to: time, on: connection)
            try await audit.record(
                "billing.clock.set", target: tenant.description, detail: ["time": time.ISO8601Format()], by: actor, on: connection, logger: logger)
        }
        _ = try await lifecycle.subscription(of: tenant, plan: plan)
        return try await run.run(dryRun: false, only: [tenant])
    }

    func removeClock(of tenant: TenantID, by actor: AuthenticatedOperator) async throws {
        try await database.withTransaction { connection in
            try await clocks.remove(tenant, on: connection)
            try await audit.record("billing.clock.remove", target: tenant.description, detail: [:], by: actor, on: connection, logger: logger)
        }
    }

    /// A billing run an operator asked for (in `serve`: one tenant at a time, leaving the pool to
    /// tenants' requests), audited with what it did.
    func run(dryRun: Bool, by actor: AuthenticatedOperator) async throws -> BillingRunReport {
        let report = try await run.run(dryRun: dryRun, parallelism: 1)
        if !dryRun {
            try await database.withTransaction { connection in
                try await audit.record(
                    "billing.run", target: "billing",
                    detail: ["invoicesCreated": String(report.invoicesCreated), "invoicesFinalized": String(report.invoicesFinalized),
                             "tenantsSuspended": String(report.tenantsSuspended), "failures": String(report.failures)],
                    by: actor, on: connection, logger: logger)
            }
        }
        return report
    }
}

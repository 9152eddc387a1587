import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway

/// `/admin/v1/billing`: runs, invoices, credit notes, the price book, test clocks and profile
/// approvals, for operators (the admin CLI's `portico admin billing ...`).
struct BillingAdminController: Sendable {
    let service: BillingService
    let prices: PriceBookStore
    let migration: PlanMigration
    let tenants: any TenantDirectory

    func addRoutes(to routes: GatewayRouter) {
        routes.post("/admin/v1/billing/runs", .operator, bodyLimit: 1 << 10) { request, context in
            let body = try await request.decodeOptionalJSON(BillingRunRequest.self, context: context)
            return try .json(try await service.run(dryRun: body?.dryRun ?? false, by: try context.requireOperator()))
        }
        routes.get("/admin/v1/billing/invoices", .operator) { request, context in
            let query = request.uri.queryParameters
            let tenant = try query.get("tenant").map { raw in
                guard let id = TenantID(raw) else { throw PorticoError.invalidRequest("'tenant' must be a tenant id.", field: "tenant") }
                return id
            }
            let limit = try query.integer("limit", default: 100, range: 1...1_000) ?? 100
            let invoices = try await service.invoices(of: tenant, status: try BillingController.status(query.get("status")), limit: limit)
            return try .json(InvoiceList(items: invoices))
        }
        routes.get("/admin/v1/billing/invoices/{invoiceId}", .operator) { request, context in
            let invoice = try await service.invoice(try BillingController.invoiceID(context), of: nil)
            return try await BillingController.respond(with: invoice, to: request, service: service)
        }
        routes.post("/admin/v1/billing/invoices/{invoiceId}/mark-paid", .operator) { _, context in
            let actor = try context.requireOperator()
            return try .json(try await service.invoices.markPaid(try BillingController.invoiceID(context), note: "marked paid by \(actor.name)", by: actor))
        }
        routes.post("/admin/v1/billing/invoices/{invoiceId}/void", .operator) { _, context in
            try .json(try await service.invoices.void(try BillingController.invoiceID(context), by: try context.requireOperator()))
        }
        routes.post("/admin/v1/billing/invoices/{invoiceId}/mark-uncollectible", .operator) { _, context in
            try .json(try await service.invoices.markUncollectible(try BillingController.invoiceID(context), by: try context.requireOperator()))
        }
        routes.post("/admin/v1/billing/invoices/{invoiceId}/credit-notes", .operator, bodyLimit: 4 << 10) { request, context in
            let body = try await request.decodeJSON(CreditNoteRequest.self, context: context)
            let note = try await service.invoices.creditNote(
                for: try BillingController.invoiceID(context), amount: body.amount, reason: body.reason, by: try context.requireOperator())
            return try .json(note, status: .created)
        }
        routes.get("/admin/v1/billing/plans", .operator) { _, _ in
            try .json(PlanVersionList(items: try await prices.history(of: nil)))
        }
        routes.get("/admin/v1/billing/plans/{plan}", .operator) { _, context in
            let versions = try await prices.history(of: try Self.plan(context))
            return try .json(PlanVersionList(items: versions))
        }
        routes.post("/admin/v1/billing/plans/{plan}/versions", .operator, bodyLimit: 64 << 10) { request, context in
            let body = try await request.decodeJSON(PlanVersionRequest.self, context: context)
            let currency: Currency
            do { currency = try Currency(code: body.currency) } catch {
                throw PorticoError.validation("'currency' must be an ISO 4217 code such as USD, EUR or JPY.", field: "currency")
            }
            // The version number is the price book's to give; 1 stands in for it until then.
            let draft = PlanPrice(plan: try Self.plan(context).id, version: 1, currency: currency, baseFee: body.baseFee, meters: body.meters)
            do { try draft.validate() } catch let error as PricingError {
                throw PorticoError.validation(error.message, field: error.field ?? "meters")
            }
            let actor = try context.requireOperator()
            let published = try await service.database.withTransaction { connection in
                let published = try await prices.publish(draft, by: actor.name, on: connection)
                try await service.audit.record(
                    "billing.plan.publish-version", target: "plan:\(published.plan)", detail: ["version": String(published.version)],
                    by: actor, on: connection, logger: service.logger)
                return published
            }
            return try .json(published, status: .created)
        }
        routes.post("/admin/v1/billing/plans/{plan}/migrate", .operator, bodyLimit: 1 << 10) { request, context in
            let body = try await request.decodeOptionalJSON(PlanMigrationRequest.self, context: context)
            return try .json(try await migration.migrate(
                try Self.plan(context), to: body?.toVersion, dryRun: body?.dryRun ?? false, by: try context.requireOperator()))
        }
        routes.put("/admin/v1/billing/tenants/{tenant}/clock", .operator, bodyLimit: 1 << 10) { request, context in
            let tenant = try await existingTenant(context)
            let body = try await request.decodeJSON(ClockRequest.self, context: context)
            return try .json(try await service.setClock(
                of: tenant.id, plan: tenant.entitlements.plan, to: body.time, by: try context.requireOperator()))
        }
        routes.delete("/admin/v1/billing/tenants/{tenant}/clock", .operator) { _, context in
            try await service.removeClock(of: try await existingTenant(context).id, by: try context.requireOperator())
            return .noContent()
        }
        routes.post("/admin/v1/billing/tenants/{tenant}/profile/approve", .operator, bodyLimit: 1 << 10) { request, context in
            let tenant = try await existingTenant(context)
            let body = try await request.decodeJSON(ProfileApprovalRequest.self, context: context)
            return try .json(try await service.approveProfile(of: tenant.id, taxRateBasisPoints: body.taxRateBasisPoints, by: try context.requireOperator()))
        }
    }

    private func existingTenant(_ context: PorticoRequestContext) async throws -> TenantSnapshot {
        guard let id = context.parameters.get("tenant").flatMap(TenantID.init), let snapshot = try await tenants.snapshot(of: id),
              snapshot.status != .deleted, snapshot.status != .deleting
        else { throw PorticoError.notFound("No live tenant with that id; the CLI takes a slug and looks the id up.") }
        return snapshot
    }

    private static func plan(_ context: PorticoRequestContext) throws -> PlanID {
        guard let plan = context.parameters.get("plan").flatMap(Plan.named) else {
            throw PorticoError.notFound("No plan by that name; the plans are \(Plan.names).")
        }
        return plan.id
    }
}

struct PlanVersionList: Encodable, Sendable {
    let items: [PlanPrice]
}

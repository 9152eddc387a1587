import Foundation
import Logging
import PorticoCore
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Closes what is due across the fleet: every tenant with an ended trial or period, a draft past
/// its grace, or an unpaid invoice past due (each at its own clock), one transaction per tenant,
/// a few tenants at once. A dry run does the same work and rolls every transaction back.
struct BillingRun: Sendable {
    let database: Database
    let pass: TenantBillingPass
    let subscriptions: SubscriptionLifecycle
    let invoices: InvoiceActions
    let payments: any PaymentProvider
    let parallelism: Int

    /// - Parameter parallelism: tenants billed at once (default: the worker's); an operator's run
    ///   inside `serve` bills one at a time, so it holds one pooled connection, not the pool.
    func run(dryRun: Bool, only tenants: [TenantID]? = nil, parallelism: Int? = nil) async throws -> BillingRunReport {
        let width = max(1, parallelism ?? self.parallelism)
        var report = BillingRunReport(dryRun: dryRun)
        if tenants == nil, !dryRun {
            report.subscriptionsStarted += try await subscriptions.reconcileWithAccounts()
        }
        var due = tenants ?? []
        if tenants == nil { due = try await dueTenants(at: Date()) }
        var next = due.makeIterator()
        var finalizedInvoices: [Invoice] = []
        try await withThrowingTaskGroup(of: (BillingRunReport, [Invoice]).self) { group in
            func startNext() -> Bool {
                guard let tenant = next.next() else { return false }
                group.addTask { try await runOne(tenant, dryRun: dryRun) }
                return true
            }
            for _ in 0..<width where !startNext() { break }
            while let (one, invoices) = try await group.next() {
                report.merge(one)
                finalizedInvoices += invoices
                _ = startNext()
            }
        }
        if !dryRun { await collectPayments(for: finalizedInvoices) }
        return report
    }

    private struct DryRunRollback: Error {
        let report: BillingRunReport
    }

    private func runOne(_ tenant: TenantID, dryRun: Bool) async throws -> (BillingRunReport, [Invoice]) {
        do {
            return try await database.withTransaction { connection in
                var report = BillingRunReport(dryRun: dryRun)
                let finalized = try await pass.run(tenant, report: &report, on: connection, logger: database.logger)
                if dryRun { throw DryRunRollback(report: report) }
                return (report, finalized)
            }
        } catch let rollback as DryRunRollback {
            return (rollback.report, [])
        } catch {
            database.logger.error("billing a tenant failed; the next run retries it", metadata: [
                "tenant_id": "\(tenant)", "error": "\(readableDescription(of: error))",
            ])
            var report = BillingRunReport(dryRun: dryRun)
            report.failures = 1
            report.note(tenant, "failed", readableDescription(of: error))
            return (report, [])
        }
    }

    /// Tenants with something due at their clock's time (the wall clock's `now` for most).
    func dueTenants(at now: Date) async throws -> [TenantID] {
        let grace = pass.policy.dunningGrace
        var tenants: [TenantID] = []
        for try await id in try await database.query("""
            WITH clocked AS (
                SELECT s.tenant_id, s.status, s.period_start, s.trial_ends_at, s.canceled_at, s.past_due_since,
                       coalesce(c.frozen_at, \(now)::timestamptz) AS tenant_now
                FROM control.billing_subscriptions s LEFT JOIN control.tenant_clocks c ON c.tenant_id = s.tenant_id
            )
            SELECT tenant_id FROM clocked
            WHERE (status <> 'canceled'
                   AND date_trunc('month', period_start AT TIME ZONE 'UTC') + interval '1 month' <= tenant_now AT TIME ZONE 'UTC')
               OR (status = 'canceled' AND canceled_at > period_start)
               OR (status = 'trialing' AND trial_ends_at <= tenant_now)
               OR (status = 'past_due' AND past_due_since <= tenant_now - make_interval(secs => \(grace)))
               OR EXISTS (
                   SELECT 1 FROM control.billing_invoices i
                   WHERE i.tenant_id = clocked.tenant_id
                     AND ((i.status = 'draft' AND i.finalize_after <= tenant_now)
                          OR (i.status = 'open' AND i.due_at <= tenant_now AND clocked.status IN ('active', 'trialing'))))
            ORDER BY tenant_id
            """).decode(UUID.self) {
            tenants.append(TenantID(id))
        }
        return tenants
    }

    /// Asks the payment provider for each invoice finalized; one it reports paid is marked paid.
    private func collectPayments(for finalized: [Invoice]) async {
        for invoice in finalized where invoice.status == .open {
            do {
                let outcome = try await payments.collect(PaymentRequest(
                    invoiceID: invoice.id, tenant: invoice.tenant, number: invoice.number ?? "", currency: invoice.currency, amount: invoice.total))
                if case .paid(let reference) = outcome {
                    _ = try await invoices.markPaid(invoice.id, note: "paid by the payment provider (\(reference))", by: nil)
                }
            } catch {
                database.logger.warning("asking for payment failed; the invoice stays open", metadata: [
                    "invoice_id": "\(invoice.id)", "error": "\(readableDescription(of: error))",
                ])
            }
        }
    }
}

import Foundation
import Logging
import PorticoCore
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Everything due for one tenant at its clock's time, in one transaction, in time order: trials
/// that ended, periods that ended (their draft invoices, then the downgrades and cancellations
/// waiting for them), drafts past their grace finalized, unpaid invoices past due. The
/// subscription row is locked first and skipped when another runner holds it, and each invoice
/// is unique per tenant and period, so two runs at once, a second run, or a run killed half-way
/// and rerun never make two. Invoice numbers are taken last but one, just before the commit: the
/// issuer's counter row is then locked only for a few statements (the fleet's finalizations queue
/// on it). The tenant's account (its plan, a suspension) is changed last of all: that write bumps
/// the one row every replica's credential cache watches, which every tenant and key change of the
/// fleet then waits for until this transaction commits; and a transaction holding the counter
/// waits for no other lock, so it cannot deadlock with one that changed an account first.
struct TenantBillingPass: Sendable {
    let composer: InvoiceComposer
    let accounts: any TenantAccounts
    let policy: BillingPolicy

    var prices: PriceBookStore { composer.prices }

    /// Returns the invoices it finalized (payment is asked for after the commit).
    func run(
        _ tenant: TenantID, report: inout BillingRunReport, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Invoice] {
        guard var subscription = try await SubscriptionStore.find(tenant, locking: .skipLocked, on: connection, logger: logger) else { return [] }
        let now = try await TenantClocks.nows(of: [tenant], on: connection, logger: logger)[tenant] ?? Date()
        let before = subscription
        report.tenantsVisited += 1
        let step = BillingStep(connection: connection, logger: logger, now: now)
        while true {
            let periodEnd = subscription.periodEnd
            let periodOpen = periodEnd > subscription.periodStart
            if subscription.status == .trialing, let trialEnd = subscription.trialEndsAt, trialEnd <= now, !periodOpen || trialEnd <= periodEnd {
                try await endTrial(&subscription, at: trialEnd, step, &report)
                continue
            }
            guard periodOpen, periodEnd <= now else { break }
            try await closePeriod(&subscription, at: periodEnd, step, &report)
        }
        let finalized = try await finalizeDrafts(of: subscription, step, &report)
        let suspend = try await applyDunning(&subscription, step, &report)
        if subscription != before {
            subscription.updatedAt = now
            try await SubscriptionStore.update(subscription, on: connection, logger: logger)
        }
        let numbered = try await number(finalized, step, &report)
        if Self.accountPlan(of: subscription) != Self.accountPlan(of: before) {
            _ = try await accounts.setPlan(
                tenant, to: Self.accountPlan(of: subscription), reason: "billing: the subscription changed", on: connection, logger: logger)
        }
        if suspend { try await suspendForNonPayment(subscription, step, &report) }
        return numbered
    }

    /// The plan a tenant's account is on for its subscription: a canceled one leaves it on `free`.
    static func accountPlan(of subscription: Subscription) -> PlanID {
        subscription.status == .canceled ? Plan.free.id : subscription.plan
    }

    /// What every step of one tenant's pass works with: its transaction and its clock's time.
    struct BillingStep {
        let connection: PostgresConnection
        let logger: Logger
        let now: Date
    }

    private func endTrial(_ subscription: inout Subscription, at end: Date, _ step: BillingStep, _ report: inout BillingRunReport) async throws {
        let tenant = subscription.tenant
        let approved = try await BillingProfileStore.find(tenant, on: step.connection, logger: step.logger)?.approvedAt != nil
        if approved {
            try await PlanSpanStore.switchTo(subscription.plan, version: subscription.planVersion, trial: false, at: end, tenant: tenant, on: step.connection, logger: step.logger)
            report.note(tenant, "trial_converted", "stays on \(subscription.plan) with its approved billing profile")
        } else {
            let free = try await fallbackPlan(on: step.connection)
            try await PlanSpanStore.switchTo(PlanID(free.plan), version: free.version, trial: false, at: end, tenant: tenant, on: step.connection, logger: step.logger)
            report.note(tenant, "trial_ended", "\(subscription.plan) → \(free.plan): no approved billing profile")
            subscription.plan = PlanID(free.plan)
            subscription.planVersion = free.version
            subscription.scheduledPlan = nil
            subscription.scheduledVersion = nil
        }
        subscription.status = .active
        report.trialsEnded += 1
        try await publishSubscription(subscription, step)
    }

    private func closePeriod(_ subscription: inout Subscription, at end: Date, _ step: BillingStep, _ report: inout BillingRunReport) async throws {
        let tenant = subscription.tenant
        let composed = try await composer.compose(subscription, from: subscription.periodStart, to: end, now: step.now, on: step.connection, logger: step.logger)
        let invoice = Invoice.draft(
            of: tenant, from: subscription.periodStart, to: end, composed, createdAt: step.now,
            finalizeAfter: end.addingTimeInterval(policy.draftGrace))
        if try await InvoiceStore.insert(invoice, on: step.connection, logger: step.logger) {
            report.invoicesCreated += 1
            report.note(tenant, "invoice_created", "\(BillingPeriod.month(containing: invoice.periodStart).label): \(composed.draft.currency.format(invoice.total))")
            try await WebhookOutbox.publish(.invoiceCreated, data: invoice, tenant: tenant, at: step.now, on: step.connection, logger: step.logger)
        }
        var changed = false
        if let plan = subscription.scheduledPlan, let version = subscription.scheduledVersion {
            try await PlanSpanStore.switchTo(plan, version: version, trial: false, at: end, tenant: tenant, on: step.connection, logger: step.logger)
            subscription.plan = plan
            subscription.planVersion = version
            subscription.scheduledPlan = nil
            subscription.scheduledVersion = nil
            changed = true
        }
        if subscription.cancelAtPeriodEnd && subscription.status != .canceled {
            try await cancel(&subscription, at: end, step)
            changed = true
        }
        subscription.periodStart = end
        if changed { try await publishSubscription(subscription, step) }
    }

    /// Ends the subscription at `at`: no more base fees; the tenant keeps its data on the free plan
    /// (the caller moves its account there: see `accountPlan`).
    func cancel(_ subscription: inout Subscription, at: Date, _ step: BillingStep) async throws {
        try await PlanSpanStore.close(at: at, tenant: subscription.tenant, on: step.connection, logger: step.logger)
        subscription.status = .canceled
        subscription.canceledAt = at
        subscription.cancelAtPeriodEnd = false
        subscription.scheduledPlan = nil
        subscription.scheduledVersion = nil
        subscription.pastDueSince = nil
    }

    /// Finalizes the drafts past their grace, all but their numbers (see `number`).
    private func finalizeDrafts(
        of subscription: Subscription, _ step: BillingStep, _ report: inout BillingRunReport
    ) async throws -> [(invoice: Invoice, currency: Currency)] {
        var finalized: [(invoice: Invoice, currency: Currency)] = []
        for draft in try await InvoiceStore.drafts(of: subscription.tenant, finalizableAt: step.now, on: step.connection, logger: step.logger) {
            let composed = try await composer.compose(subscription, from: draft.periodStart, to: draft.periodEnd, now: step.now, on: step.connection, logger: step.logger)
            var invoice = draft
            invoice.take(composed)
            invoice.finalizedAt = step.now
            invoice.dueAt = step.now.addingTimeInterval(policy.paymentTerms)
            invoice.status = invoice.total > 0 ? .open : .paid
            if invoice.status == .paid { invoice.paidAt = step.now }
            try await InvoiceStore.update(invoice, on: step.connection, logger: step.logger)
            try await InvoiceStore.recordBilled(composed.draft.billedUsage, tenant: invoice.tenant, periodStart: invoice.periodStart, on: step.connection, logger: step.logger)
            for adjustment in composed.adjustments {
                try await InvoiceStore.recordBilled(
                    [adjustment.meter: adjustment.currentQuantity], tenant: invoice.tenant, periodStart: adjustment.period.start,
                    on: step.connection, logger: step.logger)
            }
            finalized.append((invoice, composed.draft.currency))
        }
        return finalized
    }

    /// Numbers the invoices `finalizeDrafts` finalized and announces them: the last work of the
    /// tenant's transaction.
    private func number(
        _ finalized: [(invoice: Invoice, currency: Currency)], _ step: BillingStep, _ report: inout BillingRunReport
    ) async throws -> [Invoice] {
        var numbered: [Invoice] = []
        for (var invoice, currency) in finalized {
            invoice.number = try await InvoiceNumbering.next(in: policy.issuer, on: step.connection, logger: step.logger)
            try await InvoiceStore.setNumber(of: invoice, on: step.connection, logger: step.logger)
            try await WebhookOutbox.publish(.invoiceFinalized, data: invoice, tenant: invoice.tenant, at: step.now, on: step.connection, logger: step.logger)
            if invoice.status == .paid {
                try await WebhookOutbox.publish(.invoicePaid, data: invoice, tenant: invoice.tenant, at: step.now, on: step.connection, logger: step.logger)
            }
            report.invoicesFinalized += 1
            report.note(invoice.tenant, "invoice_finalized", "\(invoice.number ?? ""): \(currency.format(invoice.total))")
            numbered.append(invoice)
        }
        return numbered
    }

    /// Makes the subscription `past_due` once an invoice is overdue; returns whether the dunning
    /// grace has passed too, so the tenant is to be suspended.
    private func applyDunning(_ subscription: inout Subscription, _ step: BillingStep, _ report: inout BillingRunReport) async throws -> Bool {
        let tenant = subscription.tenant
        if subscription.status == .active || subscription.status == .trialing,
           let overdue = try await InvoiceStore.oldestOverdue(of: tenant, at: step.now, on: step.connection, logger: step.logger) {
            subscription.status = .pastDue
            subscription.pastDueSince = overdue
            report.subscriptionsPastDue += 1
            report.note(tenant, "past_due", "an invoice was due \(overdue.ISO8601Format())")
            try await publishSubscription(subscription, step)
        }
        guard subscription.status == .pastDue, let since = subscription.pastDueSince else { return false }
        return since.addingTimeInterval(policy.dunningGrace) <= step.now
    }

    private func suspendForNonPayment(_ subscription: Subscription, _ step: BillingStep, _ report: inout BillingRunReport) async throws {
        let tenant = subscription.tenant
        guard try await accounts.suspend(tenant, reason: BillingPolicy.suspensionReason, on: step.connection, logger: step.logger) else { return }
        report.tenantsSuspended += 1
        report.note(tenant, "suspended", "past due since \(subscription.pastDueSince?.ISO8601Format() ?? "?")")
        try await WebhookOutbox.publish(
            .tenantSuspended, data: TenantStatusEvent(tenantId: tenant, reason: BillingPolicy.suspensionReason),
            tenant: tenant, at: step.now, on: step.connection, logger: step.logger)
    }

    func publishSubscription(_ subscription: Subscription, _ step: BillingStep) async throws {
        try await WebhookOutbox.publish(
            .subscriptionUpdated, data: SubscriptionView(subscription), tenant: subscription.tenant, at: step.now,
            on: step.connection, logger: step.logger)
    }

    /// The plan a tenant falls back to (trial without a profile, cancellation): the first
    /// self-serve plan's newest prices.
    func fallbackPlan(on connection: PostgresConnection) async throws -> PlanPrice {
        guard let free = try await prices.latest(on: connection)[Plan.free.id] else {
            throw PricingError("The price book has no version of plan 'free'.")
        }
        return free
    }
}

struct TenantStatusEvent: Encodable, Sendable {
    let tenantId: TenantID
    let reason: String
}

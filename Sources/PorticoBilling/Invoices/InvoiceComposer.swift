import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Gathers what one period's invoice is a pure function of (the plan spans with their price
/// versions, the usage, the late usage of periods already invoiced, the tax rate) and prices it.
/// The same composition serves the billing run, finalization (which recomposes a draft with the
/// usage that arrived during its grace) and the live upcoming invoice.
struct InvoiceComposer: Sendable {
    let prices: PriceBookStore

    struct Composed: Sendable {
        let draft: InvoiceDraft
        let basis: InvoiceBasis
        let adjustments: [UsageAdjustment]
        let usage: PeriodUsage
        /// The tenant's tax rate the draft was taxed at.
        let taxRateBasisPoints: Int
    }

    /// The invoice of `[start, end)` for `subscription`'s tenant, with late usage of the periods
    /// invoiced before `start` (within the late-usage window of `now`).
    func compose(
        _ subscription: Subscription, from start: Date, to end: Date, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Composed {
        let tenant = subscription.tenant
        let stored = try await PlanSpanStore.spans(overlapping: start, end, tenant: tenant, on: connection, logger: logger)
        var spans: [PlanSpan] = []
        for span in stored {
            spans.append(PlanSpan(
                start: max(span.start, start), end: min(span.end ?? end, end),
                price: try await prices.price(span.plan, version: span.version, on: connection), trial: span.trial))
        }
        let closing: (plan: PlanID, version: Int) = stored.last.map { ($0.plan, $0.version) } ?? (subscription.plan, subscription.planVersion)
        let usagePrice = try await prices.price(closing.plan, version: closing.version, on: connection)
        // Usage while on trial is not charged: it counts from the day the first paid span began.
        let usageFrom = stored.isEmpty ? start : spans.filter { !$0.trial }.map(\.start).min()
        var usage = PeriodUsage.none
        if let usageFrom { usage = try await PeriodUsage.read(tenant: tenant, from: usageFrom, to: end, on: connection, logger: logger) }
        let adjustments = try await lateUsage(of: tenant, before: start, now: now, on: connection, logger: logger)
        let taxRate = try await BillingProfileStore.taxRate(of: tenant, on: connection, logger: logger)
        let draft = try InvoiceCalculator.calculate(InvoiceInput(
            period: BillingPeriod.month(containing: start), spans: spans, usage: usage.quantities, usagePrice: usagePrice,
            adjustments: adjustments, taxRateBasisPoints: taxRate))
        let basis = InvoiceBasis(
            usageFrom: usageFrom, usageTo: end, plan: closing.plan.id, version: closing.version, peaks: usage.peaks)
        return Composed(draft: draft, basis: basis, adjustments: adjustments, usage: usage, taxRateBasisPoints: taxRate)
    }

    /// Usage that arrived for periods already finalized, beyond what they billed.
    private func lateUsage(
        of tenant: TenantID, before start: Date, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> [UsageAdjustment] {
        let window = now.addingTimeInterval(-UsageLedger.lateUsageWindow - 86_400)
        var adjustments: [UsageAdjustment] = []
        for invoice in try await InvoiceStore.finalizedRecently(tenant: tenant, endedAfter: window, startedBefore: start, on: connection, logger: logger) {
            guard let usageFrom = invoice.basis.usageFrom else { continue }
            let price = try await prices.price(PlanID(invoice.basis.plan), version: invoice.basis.version, on: connection)
            let current = try await PeriodUsage.read(tenant: tenant, from: usageFrom, to: invoice.basis.usageTo, on: connection, logger: logger)
            let billed = try await InvoiceStore.billedUsage(tenant: tenant, periodStart: invoice.periodStart, on: connection, logger: logger)
            for meter in price.meters.map(\.meter) {
                let now = current.quantities[meter] ?? 0, before = billed[meter] ?? 0
                guard now > before else { continue }
                adjustments.append(UsageAdjustment(
                    period: BillingPeriod(start: invoice.periodStart, end: invoice.periodEnd), meter: meter,
                    billedQuantity: before, currentQuantity: now, price: price))
            }
        }
        return adjustments
    }
}

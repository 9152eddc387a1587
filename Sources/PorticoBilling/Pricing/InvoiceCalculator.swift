import Foundation

/// Turns a period's plan spans, usage and late usage of earlier periods into an invoice's lines
/// and totals. Pure: the same input always gives the same draft.
///
/// - Base fees: each paid span, clipped to the period, pays the plan version's base fee prorated
///   by its seconds over the period's. The period is the full calendar month even when a
///   cancellation at once ended the last span early, so a cancelled month costs its share of the
///   month, not the whole fee.
/// - Usage: every meter of the usage price gets one line per tier charged, or one zero line
///   showing the quantity within the included amount. Meters the price does not list are free.
/// - Adjustments: late usage of an earlier period, priced under that period's own price.
enum InvoiceCalculator {
    static func calculate(_ input: InvoiceInput) throws -> InvoiceDraft {
        let currency = try validatedCurrency(of: input)
        guard input.period.seconds > 0 else {
            throw PricingError("the period \(input.period.start) to \(input.period.end) is empty", field: "period")
        }
        let usage = try usageLines(input.usage, pricedBy: input.usagePrice, in: input.period)
        let lines = try baseLines(input.spans, in: input.period)
            + usage.lines
            + input.adjustments.compactMap(adjustmentLine)
        let subtotal = try MoneyArithmetic.sum(lines.map(\.amount))
        let tax = try Tax.amount(on: subtotal, basisPoints: input.taxRateBasisPoints)
        return InvoiceDraft(
            currency: currency, lines: lines, subtotal: subtotal, tax: tax,
            total: try MoneyArithmetic.add(subtotal, tax), billedUsage: usage.billed)
    }

    /// Every price is valid and in the usage price's currency.
    private static func validatedCurrency(of input: InvoiceInput) throws -> Currency {
        let prices = [("usagePrice", input.usagePrice)]
            + input.spans.enumerated().map { ("spans[\($0.offset)].price", $0.element.price) }
            + input.adjustments.enumerated().map { ("adjustments[\($0.offset)].price", $0.element.price) }
        let currency = input.usagePrice.currency
        for (field, price) in prices {
            do {
                try price.validate()
            } catch let error as PricingError {
                throw error.within(field)
            }
            guard price.currency == currency else {
                throw PricingError(
                    "\(price.plan) v\(price.version) is priced in \(price.currency.code), the invoice in \(currency.code)",
                    field: "\(field).currency")
            }
        }
        return currency
    }

    private static func baseLines(_ spans: [PlanSpan], in period: BillingPeriod) throws -> [InvoiceLine] {
        var clipped: [(span: PlanSpan, start: Date, end: Date)] = []
        for (index, span) in spans.enumerated() {
            guard span.end >= span.start else {
                throw PricingError("ends (\(span.end)) before it starts (\(span.start))", field: "spans[\(index)]")
            }
            let start = max(span.start, period.start), end = min(span.end, period.end)
            if CivilCalendar.seconds(of: end) > CivilCalendar.seconds(of: start) {
                clipped.append((span, start, end))
            }
        }
        clipped.sort { $0.start < $1.start }
        for (earlier, later) in zip(clipped, clipped.dropFirst())
        where CivilCalendar.seconds(of: later.start) < CivilCalendar.seconds(of: earlier.end) {
            throw PricingError("plan spans overlap: one ends at \(earlier.end), the next starts at \(later.start)", field: "spans")
        }
        return try clipped.filter { !$0.span.trial }.map { span, start, end in
            let covered = BillingPeriod(start: start, end: end).seconds
            return InvoiceLine(
                description: LineDescriptions.baseFee(span.price, prorated: covered < period.seconds),
                meter: nil, quantity: 1, unitAmount: span.price.baseFee,
                amount: try Proration.prorate(span.price.baseFee, covering: covered, of: period.seconds),
                kind: .base, periodStart: start, periodEnd: end)
        }
    }

    private static func usageLines(
        _ usage: [String: Int64], pricedBy price: PlanPrice, in period: BillingPeriod
    ) throws -> (lines: [InvoiceLine], billed: [String: Int64]) {
        var lines: [InvoiceLine] = []
        var billed: [String: Int64] = [:]
        for meter in price.meters {
            let quantity = usage[meter.meter] ?? 0
            billed[meter.meter] = quantity
            let charges = try meter.charge(for: quantity)
            guard !charges.isEmpty else {
                lines.append(InvoiceLine(
                    description: LineDescriptions.withinIncluded(quantity, of: meter), meter: meter.meter,
                    quantity: quantity, unitAmount: 0, amount: 0, kind: .usage,
                    periodStart: period.start, periodEnd: period.end))
                continue
            }
            for charge in charges {
                lines.append(InvoiceLine(
                    description: try LineDescriptions.tier(charge, of: meter), meter: meter.meter,
                    quantity: charge.units, unitAmount: charge.unitAmount, amount: charge.amount, kind: .usage,
                    periodStart: period.start, periodEnd: period.end))
            }
        }
        return (lines, billed)
    }

    /// Nil when no usage arrived late, or when the period's price does not price the meter.
    private static func adjustmentLine(_ adjustment: UsageAdjustment) throws -> InvoiceLine? {
        let difference = try MoneyArithmetic.subtract(adjustment.currentQuantity, adjustment.billedQuantity)
        guard difference != 0, let meter = adjustment.price.price(of: adjustment.meter) else { return nil }
        let current = try meter.charge(for: adjustment.currentQuantity)
        let amount = try MoneyArithmetic.subtract(
            MoneyArithmetic.sum(current.map(\.amount)), meter.totalCharge(for: adjustment.billedQuantity))
        return InvoiceLine(
            description: LineDescriptions.lateUsage(difference, of: adjustment.meter, in: adjustment.period),
            meter: adjustment.meter, quantity: difference, unitAmount: current.last?.unitAmount ?? 0, amount: amount,
            kind: .adjustment, periodStart: adjustment.period.start, periodEnd: adjustment.period.end)
    }
}

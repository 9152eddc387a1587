import Foundation
@testable import PorticoBilling
import Testing

private func utc(_ text: String) -> Date { BillingFixtures.utc(text) }
private let team = BillingFixtures.team
private let enterprise = BillingFixtures.enterprise
private let november = BillingPeriod.month(containing: utc("2026-11-15T00:00:00Z"))
private let october = BillingPeriod.month(containing: utc("2026-10-15T00:00:00Z"))

/// A price with only a base fee, in any currency.
private func baseOnly(_ code: String, baseFee: Int64, plan: String = "basic") throws -> PlanPrice {
    PlanPrice(plan: plan, version: 1, currency: try Currency(code: code), baseFee: baseFee, meters: [])
}

/// An invoice input for `period` with no usage, no adjustments and no tax unless given.
private func input(
    _ period: BillingPeriod, spans: [PlanSpan], usage: [String: Int64] = [:], usagePrice: PlanPrice = BillingFixtures.team,
    adjustments: [UsageAdjustment] = [], taxRateBasisPoints: Int = 0
) -> InvoiceInput {
    InvoiceInput(period: period, spans: spans, usage: usage, usagePrice: usagePrice,
                 adjustments: adjustments, taxRateBasisPoints: taxRateBasisPoints)
}

private func span(_ start: String, _ end: String, _ price: PlanPrice, trial: Bool = false) -> PlanSpan {
    PlanSpan(start: utc(start), end: utc(end), price: price, trial: trial)
}

private func baseLine(_ price: PlanPrice, _ amount: Int64, _ start: String, _ end: String, prorated: Bool = true) -> InvoiceLine {
    InvoiceLine(description: "\(price.plan) v\(price.version) base fee" + (prorated ? " (prorated)" : ""), meter: nil,
                quantity: 1, unitAmount: price.baseFee, amount: amount, kind: .base,
                periodStart: utc(start), periodEnd: utc(end))
}

private func usageLine(_ description: String, _ meter: String, _ quantity: Int64, _ unitAmount: Int64, _ amount: Int64) -> InvoiceLine {
    InvoiceLine(description: description, meter: meter, quantity: quantity, unitAmount: unitAmount, amount: amount,
                kind: .usage, periodStart: november.start, periodEnd: november.end)
}

/// One way a period's plan spans can fall, with the base lines they must give.
struct BaseFeeCase: Sendable, CustomTestStringConvertible {
    let name: String
    let period: BillingPeriod
    let spans: [PlanSpan]
    let expected: [InvoiceLine]
    var testDescription: String { name }

    // November 2026 has 30 days, 2,592,000 seconds; team's base fee is 49900, enterprise's 249900.
    static let all: [BaseFeeCase] = [
        BaseFeeCase(name: "a whole month", period: november,
                    spans: [span("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", team)],
                    expected: [baseLine(team, 49_900, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", prorated: false)]),
        BaseFeeCase(name: "upgrade at the month's first second", period: november,
                    spans: [span("2026-10-15T00:00:00Z", "2026-11-01T00:00:00Z", team),
                            span("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", enterprise)],
                    expected: [baseLine(enterprise, 249_900, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", prorated: false)]),
        // 21,600 s: 49900 × 21600 / 2592000 = 415.83 → 416; the other 2,570,400 s:
        // 249900 × 2570400 / 2592000 = 247817.5 → 247818 (half up).
        BaseFeeCase(name: "upgrade on day 1 at 06:00", period: november,
                    spans: [span("2026-10-15T00:00:00Z", "2026-11-01T06:00:00Z", team),
                            span("2026-11-01T06:00:00Z", "2026-12-01T00:00:00Z", enterprise)],
                    expected: [baseLine(team, 416, "2026-11-01T00:00:00Z", "2026-11-01T06:00:00Z"),
                               baseLine(enterprise, 247_818, "2026-11-01T06:00:00Z", "2026-12-01T00:00:00Z")]),
        // 15 days each: 49900 / 2 and 249900 / 2.
        BaseFeeCase(name: "upgrade mid-month", period: november,
                    spans: [span("2026-11-01T00:00:00Z", "2026-11-16T00:00:00Z", team),
                            span("2026-11-16T00:00:00Z", "2026-12-01T00:00:00Z", enterprise)],
                    expected: [baseLine(team, 24_950, "2026-11-01T00:00:00Z", "2026-11-16T00:00:00Z"),
                               baseLine(enterprise, 124_950, "2026-11-16T00:00:00Z", "2026-12-01T00:00:00Z")]),
        // 2,591,999 s: 49899.98 → 49900; 1 s: 249900 / 2592000 = 0.096 → 0.
        BaseFeeCase(name: "upgrade at the month's last second", period: november,
                    spans: [span("2026-11-01T00:00:00Z", "2026-11-30T23:59:59Z", team),
                            span("2026-11-30T23:59:59Z", "2026-12-01T00:00:00Z", enterprise)],
                    expected: [baseLine(team, 49_900, "2026-11-01T00:00:00Z", "2026-11-30T23:59:59Z"),
                               baseLine(enterprise, 0, "2026-11-30T23:59:59Z", "2026-12-01T00:00:00Z")]),
        // The lower plan starts with the next period, which has one span (clipped from an open one).
        BaseFeeCase(name: "downgrade from the next period", period: november.next,
                    spans: [span("2026-12-01T00:00:00Z", "2027-06-01T00:00:00Z", team)],
                    expected: [baseLine(team, 49_900, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", prorated: false)]),
        // Prorated over the full month, not the clipped one: 820,800 of 2,592,000 s,
        // 49900 × 820800 / 2592000 = 15801.67 → 15802.
        BaseFeeCase(name: "cancel at once", period: november,
                    spans: [span("2026-11-01T00:00:00Z", "2026-11-10T12:00:00Z", team)],
                    expected: [baseLine(team, 15_802, "2026-11-01T00:00:00Z", "2026-11-10T12:00:00Z")]),
        // The trial span gives no line; the paid 16 days: 49900 × 1382400 / 2592000 = 26613.33 → 26613.
        BaseFeeCase(name: "trial ending mid-month", period: november,
                    spans: [span("2026-10-20T00:00:00Z", "2026-11-15T00:00:00Z", team, trial: true),
                            span("2026-11-15T00:00:00Z", "2026-12-01T00:00:00Z", team)],
                    expected: [baseLine(team, 26_613, "2026-11-15T00:00:00Z", "2026-12-01T00:00:00Z")]),
        BaseFeeCase(name: "trial all month", period: november,
                    spans: [span("2026-10-20T00:00:00Z", "2026-12-03T00:00:00Z", team, trial: true)],
                    expected: []),
    ]
}

/// An adjustment of October's team usage, with the line it must give (nil for none).
struct AdjustmentCase: Sendable, CustomTestStringConvertible {
    let meter: String
    let billed: Int64
    let current: Int64
    let expected: (description: String, unitAmount: Int64, amount: Int64)?
    var testDescription: String { "\(meter) \(billed) → \(current)" }

    static let all: [AdjustmentCase] = [
        // 301,234 billable: 301234 × 20 / 100000 = 60.25 → 60, against 0 billed.
        AdjustmentCase(meter: "api.requests", billed: 5_000_000, current: 5_301_234,
                       expected: ("Late usage for 2026-10: api.requests +301,234", 20, 60)),
        // Charges are differenced, not the late units charged: 1 (0.5 rounded up) then 1 (1.0), so 0.
        AdjustmentCase(meter: "api.requests", billed: 5_002_500, current: 5_005_000,
                       expected: ("Late usage for 2026-10: api.requests +2,500", 20, 0)),
        // Across tiers: 5000 + 1,000,000 × 3 / 10000 = 5300 now, 9,000,000 × 5 / 10000 = 4500 billed.
        AdjustmentCase(meter: "insights.events", billed: 11_000_000, current: 13_000_000,
                       expected: ("Late usage for 2026-10: insights.events +2,000,000", 3, 800)),
        // Still within the 25 included seats: a line showing the units, for nothing.
        AdjustmentCase(meter: "seats", billed: 10, current: 20,
                       expected: ("Late usage for 2026-10: seats +10", 0, 0)),
        AdjustmentCase(meter: "api.requests", billed: 7_000_000, current: 7_000_000, expected: nil),
        // A meter the period's price does not list was free then and stays free.
        AdjustmentCase(meter: "aika.questions", billed: 0, current: 500, expected: nil),
    ]
}

@Suite struct InvoiceCalculatorTests {
    @Test(arguments: BaseFeeCase.all)
    func baseFeesFollowThePlanSpans(_ test: BaseFeeCase) throws {
        let draft = try InvoiceCalculator.calculate(input(test.period, spans: test.spans))
        #expect(draft.lines.filter { $0.kind == .base } == test.expected)
    }

    // One day of team (49900) in a month of 28, 29, 30 and 31 days: 1782.14, 1720.69, 1663.33, 1609.68.
    @Test(arguments: [
        ("2027-02-10T00:00:00Z", 28, 1_782),
        ("2028-02-10T00:00:00Z", 29, 1_721),
        ("2026-11-10T00:00:00Z", 30, 1_663),
        ("2026-12-10T00:00:00Z", 31, 1_610),
    ] as [(String, Int64, Int64)])
    func oneDayCostsItsShareOfTheMonth(_ date: String, days: Int64, expected: Int64) throws {
        let period = BillingPeriod.month(containing: utc(date))
        #expect(period.seconds == days * 86_400)
        let oneDay = PlanSpan(start: period.start, end: period.start.addingTimeInterval(86_400), price: team, trial: false)
        let whole = PlanSpan(start: period.start, end: period.end, price: team, trial: false)
        #expect(try InvoiceCalculator.calculate(input(period, spans: [oneDay])).subtotal == expected)
        #expect(try InvoiceCalculator.calculate(input(period, spans: [whole])).subtotal == 49_900)
    }

    @Test func usageGivesALinePerTierAndShowsWhatIsIncluded() throws {
        let draft = try InvoiceCalculator.calculate(input(
            november, spans: [span("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", team)],
            usage: ["api.requests": 7_250_000, "seats": 25, "insights.events": 12_005_000, "unknown.meter": 99],
            taxRateBasisPoints: 825))
        #expect(draft.lines == [
            baseLine(team, 49_900, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", prorated: false),
            // 2,250,000 × 20 / 100000 = 450.
            usageLine("api.requests beyond 5,000,000 included, per 100,000", "api.requests", 2_250_000, 20, 450),
            usageLine("seats 25 of 25 included", "seats", 25, 0, 0),
            usageLine("insights.events beyond 2,000,000 included, up to 12,000,000, per 10,000", "insights.events", 10_000_000, 5, 5_000),
            // 5000 × 3 / 10000 = 1.5 → 2.
            usageLine("insights.events beyond 12,000,000, per 10,000", "insights.events", 5_000, 3, 2),
            usageLine("catalog.entities 0 of 5,000 included", "catalog.entities", 0, 0, 0),
        ])
        #expect(draft.billedUsage == ["api.requests": 7_250_000, "seats": 25, "insights.events": 12_005_000, "catalog.entities": 0])
        // 49900 + 450 + 5000 + 2 = 55352; tax 55352 × 825 / 10000 = 4566.54 → 4567.
        #expect(draft.subtotal == 55_352)
        #expect(draft.tax == 4_567)
        #expect(draft.total == 59_919)
        #expect(draft.currency == BillingFixtures.usd)
    }

    @Test func usageIsPricedByTheVersionInEffectAtThePeriodsEnd() throws {
        let draft = try InvoiceCalculator.calculate(input(
            november,
            spans: [span("2026-11-01T00:00:00Z", "2026-11-16T00:00:00Z", team),
                    span("2026-11-16T00:00:00Z", "2026-12-01T00:00:00Z", enterprise)],
            usage: ["api.requests": 7_250_000, "seats": 1_251, "insights.events": 12_005_000],
            usagePrice: enterprise))
        #expect(draft.lines.filter { $0.kind == .usage } == [
            usageLine("api.requests 7,250,000 of 50,000,000 included", "api.requests", 7_250_000, 0, 0),
            usageLine("seats beyond 250 included, up to 1,250, per unit", "seats", 1_000, 1_200, 1_200_000),
            usageLine("seats beyond 1,250, per unit", "seats", 1, 900, 900),
        ])
        #expect(draft.billedUsage == ["api.requests": 7_250_000, "seats": 1_251])
        // 24950 + 124950 base, 1,200,900 seats.
        #expect(draft.subtotal == 1_350_800)
    }

    @Test(arguments: AdjustmentCase.all)
    func lateUsageIsPricedUnderItsOwnPeriodsPrice(_ test: AdjustmentCase) throws {
        // The invoice is November's on enterprise; the late usage is October's, on team.
        let adjustment = UsageAdjustment(period: october, meter: test.meter, billedQuantity: test.billed,
                                         currentQuantity: test.current, price: team)
        let draft = try InvoiceCalculator.calculate(input(
            november, spans: [], usagePrice: enterprise, adjustments: [adjustment]))
        let expected = test.expected.map {
            InvoiceLine(description: $0.description, meter: test.meter, quantity: test.current - test.billed,
                        unitAmount: $0.unitAmount, amount: $0.amount, kind: .adjustment,
                        periodStart: october.start, periodEnd: october.end)
        }
        #expect(draft.lines.filter { $0.kind == .adjustment } == (expected.map { [$0] } ?? []))
        #expect(draft.subtotal == expected?.amount ?? 0)
    }

    @Test func lessUsageThanBilledIsACreditWithItsTaxMirrored() throws {
        // 7,000,000 → 400, 7,250,000 → 450: −50; tax −50 × 2500 / 10000 = −12.5 → −13.
        let adjustment = UsageAdjustment(period: october, meter: "api.requests", billedQuantity: 7_250_000,
                                         currentQuantity: 7_000_000, price: team)
        let draft = try InvoiceCalculator.calculate(input(
            november, spans: [], adjustments: [adjustment], taxRateBasisPoints: 2_500))
        let line = try #require(draft.lines.last)
        #expect(line.description == "Late usage for 2026-10: api.requests -250,000")
        #expect(line.quantity == -250_000)
        #expect((draft.subtotal, draft.tax, draft.total) == (-50, -13, -63))
    }

    @Test(arguments: [
        (1_000, 2_000, 200),
        // 0.5 rounds up, 0.4999 down, 1.5 up, 10.5 up.
        (1, 5_000, 1),
        (1, 4_999, 0),
        (3, 5_000, 2),
        (105, 1_000, 11),
        // 4116.75 → 4117; 2407.275 → 2407.
        (49_900, 825, 4_117),
        (12_345, 1_950, 2_407),
        (-105, 1_000, -11),
        (0, 2_000, 0),
        (49_900, 0, 0),
        (49_900, 10_000, 49_900),
    ] as [(Int64, Int, Int64)])
    func taxRoundsHalfUp(_ subtotal: Int64, basisPoints: Int, expected: Int64) throws {
        #expect(try Tax.amount(on: subtotal, basisPoints: basisPoints) == expected)
    }

    @Test func taxRoundsHalfUpOnTheInvoice() throws {
        // 105 × 1000 / 10000 = 10.5 → 11.
        let price = try baseOnly("USD", baseFee: 105)
        let draft = try InvoiceCalculator.calculate(input(
            november, spans: [PlanSpan(start: november.start, end: november.end, price: price, trial: false)],
            usagePrice: price, taxRateBasisPoints: 1_000))
        #expect((draft.subtotal, draft.tax, draft.total) == (105, 11, 116))
    }

    @Test(arguments: [-1, 10_001])
    func aTaxRateOutsideZeroToHundredPercentThrows(_ basisPoints: Int) {
        #expect(throws: PricingError.self) {
            try InvoiceCalculator.calculate(input(november, spans: [], taxRateBasisPoints: basisPoints))
        }
    }

    // Half of a 4990 base fee is 2495 minor units whatever the exponent; only the display differs.
    @Test(arguments: [("JPY", "2495 JPY"), ("USD", "24.95 USD"), ("BHD", "2.495 BHD")])
    func amountsAreMinorUnitsOfAnyExponent(_ code: String, formatted: String) throws {
        let price = try baseOnly(code, baseFee: 4_990)
        let draft = try InvoiceCalculator.calculate(input(
            november, spans: [span("2026-11-01T00:00:00Z", "2026-11-16T00:00:00Z", price)], usagePrice: price))
        #expect(draft.currency.code == code)
        #expect(draft.total == 2_495)
        #expect(draft.currency.format(draft.total) == formatted)
    }

    @Test func mixedCurrenciesThrow() throws {
        let euros = try baseOnly("EUR", baseFee: 4_990)
        let spanInEuros = input(november, spans: [span("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", euros)])
        #expect(throws: PricingError("basic v1 is priced in EUR, the invoice in USD", field: "spans[0].price.currency")) {
            try InvoiceCalculator.calculate(spanInEuros)
        }
        let lateUsageInEuros = input(november, spans: [], adjustments: [
            UsageAdjustment(period: october, meter: "seats", billedQuantity: 1, currentQuantity: 2, price: euros),
        ])
        #expect(throws: PricingError("basic v1 is priced in EUR, the invoice in USD", field: "adjustments[0].price.currency")) {
            try InvoiceCalculator.calculate(lateUsageInEuros)
        }
    }

    @Test func anInvalidPriceIsNamedByWhereItIsUsed() {
        let broken = PlanPrice(plan: "team", version: 2, currency: BillingFixtures.usd, baseFee: 1, meters: [
            MeterPrice(meter: "seats", included: 0, unitSize: 0, tiers: [PriceTier(upTo: nil, unitAmount: 1)]),
        ])
        #expect(throws: PricingError("must be at least 1, is 0", field: "spans[0].price.meters[0].unitSize")) {
            try InvoiceCalculator.calculate(input(
                november, spans: [span("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", broken)]))
        }
    }

    @Test func amountsBeyond64BitsThrow() throws {
        let huge = try baseOnly("USD", baseFee: Int64.max)
        let wholeMonth = [PlanSpan(start: november.start, end: november.end, price: huge, trial: false)]
        // The subtotal fits; adding any tax to it does not.
        #expect(try InvoiceCalculator.calculate(input(november, spans: wholeMonth, usagePrice: huge)).total == Int64.max)
        #expect(throws: PricingError.self) {
            try InvoiceCalculator.calculate(input(november, spans: wholeMonth, usagePrice: huge, taxRateBasisPoints: 1))
        }
        // A usage line that does not fit.
        let dear = PlanPrice(plan: "dear", version: 1, currency: BillingFixtures.usd, baseFee: 0, meters: [
            MeterPrice(meter: "seats", included: 0, unitSize: 1, tiers: [PriceTier(upTo: nil, unitAmount: Int64.max)]),
        ])
        #expect(throws: PricingError.self) {
            try InvoiceCalculator.calculate(input(november, spans: [], usage: ["seats": 2], usagePrice: dear))
        }
    }

    @Test func overlappingOrBackwardSpansThrow() {
        let overlapping = [span("2026-11-01T00:00:00Z", "2026-11-16T00:00:00Z", team),
                           span("2026-11-15T00:00:00Z", "2026-12-01T00:00:00Z", enterprise)]
        #expect(throws: PricingError.self) {
            try InvoiceCalculator.calculate(input(november, spans: overlapping))
        }
        let backward = [span("2026-11-16T00:00:00Z", "2026-11-15T00:00:00Z", team)]
        #expect(throws: PricingError.self) {
            try InvoiceCalculator.calculate(input(november, spans: backward))
        }
    }
}

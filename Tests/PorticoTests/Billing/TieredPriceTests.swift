import Foundation
@testable import PorticoBilling
import Testing

/// `insights.events` of the team plan: 2,000,000 included, then 5 per 10,000 up to 10,000,000
/// billable events and 3 per 10,000 beyond.
private let insightsEvents = BillingFixtures.team.meters[2]
/// `seats` of the enterprise plan: 250 included, then 1200 per seat up to 1,000 and 900 beyond.
private let enterpriseSeats = BillingFixtures.enterprise.meters[1]

private func tier(_ first: Int64, _ last: Int64, _ unitAmount: Int64, _ amount: Int64, upTo: Int64?) -> TierCharge {
    TierCharge(firstUnit: first, lastUnit: last, units: last - first + 1, unitAmount: unitAmount, amount: amount, upTo: upTo)
}

private func meter(included: Int64 = 0, unitSize: Int64 = 1, _ tiers: [(Int64?, Int64)]) -> MeterPrice {
    MeterPrice(meter: "m", included: included, unitSize: unitSize,
               tiers: tiers.map { PriceTier(upTo: $0.0, unitAmount: $0.1) })
}

@Suite struct TieredPriceTests {
    @Test(arguments: [
        (0, []),
        (1_999_999, []),
        // Exactly the included amount charges nothing.
        (2_000_000, []),
        // One billable event: 1 × 5 / 10000 rounds to 0; 1000 events: 0.5 rounds up to 1.
        (2_000_001, [tier(1, 1, 5, 0, upTo: 10_000_000)]),
        (2_001_000, [tier(1, 1_000, 5, 1, upTo: 10_000_000)]),
        // Exactly at upTo: the first tier full (10,000,000 × 5 / 10000 = 5000), the second empty.
        (12_000_000, [tier(1, 10_000_000, 5, 5_000, upTo: 10_000_000)]),
        // One past it: the second tier starts at billable unit 10,000,001 (3 / 10000 → 0).
        (12_000_001, [tier(1, 10_000_000, 5, 5_000, upTo: 10_000_000), tier(10_000_001, 10_000_001, 3, 0, upTo: nil)]),
        // 5,000 in the second tier: 5000 × 3 / 10000 = 1.5 → 2.
        (12_005_000, [tier(1, 10_000_000, 5, 5_000, upTo: 10_000_000), tier(10_000_001, 10_005_000, 3, 2, upTo: nil)]),
        // 98,000,000 billable: 5000 + 88,000,000 × 3 / 10000 = 5000 + 26400.
        (100_000_000, [tier(1, 10_000_000, 5, 5_000, upTo: 10_000_000), tier(10_000_001, 98_000_000, 3, 26_400, upTo: nil)]),
    ] as [(Int64, [TierCharge])])
    func insightsEventsAcrossTheirTiers(_ quantity: Int64, expected: [TierCharge]) throws {
        #expect(try insightsEvents.charge(for: quantity) == expected)
    }

    @Test(arguments: [
        (250, []),
        (251, [tier(1, 1, 1_200, 1_200, upTo: 1_000)]),
        (1_250, [tier(1, 1_000, 1_200, 1_200_000, upTo: 1_000)]),
        (1_251, [tier(1, 1_000, 1_200, 1_200_000, upTo: 1_000), tier(1_001, 1_001, 900, 900, upTo: nil)]),
    ] as [(Int64, [TierCharge])])
    func enterpriseSeatsAcrossTheirTiers(_ quantity: Int64, expected: [TierCharge]) throws {
        #expect(try enterpriseSeats.charge(for: quantity) == expected)
    }

    @Test func eachTierIsRoundedOnItsOwn() throws {
        // 5 units in each tier at 1 per 10: 0.5 → 1 twice, where rounding the total (1.0) gives 1.
        let price = meter(unitSize: 10, [(5, 1), (nil, 1)])
        #expect(try price.charge(for: 10).map(\.amount) == [1, 1])
        #expect(try price.totalCharge(for: 10) == 2)
    }

    @Test func aProductBeyond64BitsIsStillExact() throws {
        // Int64.max × 3 / 1,000,000 = 27670116110564.33 → 27670116110564.
        let price = meter(unitSize: 1_000_000, [(nil, 3)])
        #expect(try price.totalCharge(for: Int64.max) == 27_670_116_110_564)
    }

    @Test func amountsBeyond64BitsThrow() {
        #expect(throws: PricingError.self) { try meter([(nil, Int64.max)]).charge(for: 2) }
        // Each tier fits, their sum does not.
        #expect(throws: PricingError.self) { try meter([(1, Int64.max), (nil, Int64.max)]).totalCharge(for: 2) }
    }

    @Test func aNegativeQuantityThrows() {
        #expect(throws: PricingError.self) { try insightsEvents.charge(for: -1) }
    }

    @Test func anInvalidPriceThrowsInsteadOfDividingByZero() {
        let price = MeterPrice(meter: "m", included: 0, unitSize: 0, tiers: [PriceTier(upTo: nil, unitAmount: 1)])
        #expect(throws: PricingError("must be at least 1, is 0", field: "unitSize")) { try price.charge(for: 1) }
    }

    @Test(arguments: [
        (meter([]), "tiers: a meter needs at least one tier"),
        (meter([(100, 1), (100, 1), (nil, 1)]), "tiers[1].upTo: must be above 100, is 100"),
        (meter([(100, 1), (50, 1), (nil, 1)]), "tiers[1].upTo: must be above 100, is 50"),
        (meter([(0, 1), (nil, 1)]), "tiers[0].upTo: must be above 0, is 0"),
        (meter([(nil, 1), (nil, 1)]), "tiers[0].upTo: only the last tier may be open"),
        (meter([(100, 1)]), "tiers[0].upTo: the last tier must be open (null)"),
        (meter([(100, 1), (nil, -1)]), "tiers[1].unitAmount: must not be negative, is -1"),
        (meter(unitSize: 0, [(nil, 1)]), "unitSize: must be at least 1, is 0"),
        (meter(included: -1, [(nil, 1)]), "included: must not be negative, is -1"),
        (MeterPrice(meter: "", included: 0, unitSize: 1, tiers: [PriceTier(upTo: nil, unitAmount: 1)]), "meter: must not be empty"),
    ] as [(MeterPrice, String)])
    func validationNamesTheOffendingField(_ price: MeterPrice, message: String) {
        #expect(validationMessage { try price.validate() } == message)
    }

    @Test func planValidationNamesTheMeterTooAndRefusesAMeterTwice() throws {
        try BillingFixtures.team.validate()
        let team = BillingFixtures.team
        let brokenTier = PlanPrice(plan: "team", version: 1, currency: team.currency, baseFee: 1, meters: [
            team.meters[0], team.meters[1], meter([(100, 1), (50, 1), (nil, 1)]),
        ])
        #expect(validationMessage { try brokenTier.validate() } == "meters[2].tiers[1].upTo: must be above 100, is 50")
        let twice = PlanPrice(plan: "team", version: 1, currency: team.currency, baseFee: 1,
                              meters: [team.meters[0], team.meters[1], team.meters[0]])
        #expect(validationMessage { try twice.validate() } == "meters[2].meter: 'api.requests' is priced twice")
        let negativeFee = PlanPrice(plan: "team", version: 1, currency: team.currency, baseFee: -1, meters: [])
        #expect(validationMessage { try negativeFee.validate() } == "baseFee: must not be negative, is -1")
        let versionZero = PlanPrice(plan: "team", version: 0, currency: team.currency, baseFee: 0, meters: [])
        #expect(validationMessage { try versionZero.validate() } == "version: must be at least 1, is 0")
    }

    /// The team plan's `meters` exactly as the price book's migration inserts them.
    static let teamMetersJSON = """
    [
      {"meter": "api.requests", "included": 5000000, "unitSize": 100000, "tiers": [{"upTo": null, "unitAmount": 20}]},
      {"meter": "seats", "included": 25, "unitSize": 1, "tiers": [{"upTo": null, "unitAmount": 1500}]},
      {"meter": "insights.events", "included": 2000000, "unitSize": 10000, "tiers": [{"upTo": 10000000, "unitAmount": 5}, {"upTo": null, "unitAmount": 3}]},
      {"meter": "catalog.entities", "included": 5000, "unitSize": 100, "tiers": [{"upTo": null, "unitAmount": 10}]}
    ]
    """

    @Test func decodesThePriceBookJSONAndRoundTripsIt() throws {
        let meters = try JSONDecoder().decode([MeterPrice].self, from: Data(Self.teamMetersJSON.utf8))
        let plan = PlanPrice(plan: "team", version: 1, currency: try Currency(code: "USD"), baseFee: 49_900, meters: meters)
        try plan.validate()
        #expect(plan == BillingFixtures.team)
        #expect(meters[2].tiers == [PriceTier(upTo: 10_000_000, unitAmount: 5), PriceTier(upTo: nil, unitAmount: 3)])

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encodedMeters = String(decoding: try encoder.encode(meters), as: UTF8.self)
        // The open tier is written as null, as in the price book, not left out.
        #expect(encodedMeters.hasPrefix(#"[{"included":5000000,"meter":"api.requests","tiers":[{"unitAmount":20,"upTo":null}],"unitSize":100000}"#))
        #expect(try JSONDecoder().decode([MeterPrice].self, from: Data(encodedMeters.utf8)) == meters)

        let encodedPlan = try encoder.encode(plan)
        #expect(String(decoding: encodedPlan, as: UTF8.self).hasPrefix(#"{"baseFee":49900,"currency":"USD","meters":["#))
        #expect(try JSONDecoder().decode(PlanPrice.self, from: encodedPlan) == plan)
    }
}

/// The message of the `PricingError` `body` throws, nil when it throws none.
private func validationMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return (error as? PricingError)?.message
    }
}

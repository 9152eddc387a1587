/// What one tier of a meter's price charges for a quantity. Units are numbered among the billable
/// units (those beyond the included quantity), from 1.
struct TierCharge: Sendable, Equatable {
    let firstUnit: Int64
    let lastUnit: Int64
    let units: Int64
    /// Minor units per unit size, as in the tier.
    let unitAmount: Int64
    /// `units × unitAmount ÷ unitSize`, rounded half up.
    let amount: Int64
    /// Where the tier ends in billable units; nil for the open last tier.
    let upTo: Int64?
}

extension MeterPrice {
    /// The graduated charge for `quantity`: the billable units (beyond `included`) fill the tiers
    /// from the first, each tier rounded on its own. Tiers left empty are omitted, so a quantity
    /// within the included amount charges nothing. Throws for an invalid price, a negative
    /// quantity or an amount beyond 64 bits.
    func charge(for quantity: Int64) throws -> [TierCharge] {
        try validate()
        guard quantity >= 0 else { throw PricingError("a quantity of \(meter) must not be negative, is \(quantity)") }
        // Both are non-negative, so the difference cannot overflow.
        let billable = max(0, quantity - included)
        var charges: [TierCharge] = []
        var tierStart: Int64 = 0
        for tier in tiers where tierStart < billable {
            let tierEnd = min(tier.upTo ?? billable, billable)
            let units = tierEnd - tierStart
            charges.append(TierCharge(
                firstUnit: tierStart + 1, lastUnit: tierEnd, units: units, unitAmount: tier.unitAmount,
                amount: try MoneyArithmetic.multiply(units, by: tier.unitAmount, dividedBy: unitSize),
                upTo: tier.upTo))
            tierStart = tierEnd
        }
        return charges
    }

    /// The sum of `charge(for:)`'s tiers.
    func totalCharge(for quantity: Int64) throws -> Int64 {
        try MoneyArithmetic.sum(charge(for: quantity).map(\.amount))
    }
}

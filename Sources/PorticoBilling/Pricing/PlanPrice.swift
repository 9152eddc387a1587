/// One version of a plan's prices from the price book: a monthly base fee and the priced meters,
/// all in one currency. A meter the version does not list is free on it.
struct PlanPrice: Codable, Sendable, Equatable {
    let plan: String
    let version: Int
    let currency: Currency
    /// Minor units per full calendar month, prorated to the second over parts of one.
    let baseFee: Int64
    let meters: [MeterPrice]

    /// Throws for the first rule broken, naming the field (`meters[2].tiers[1].upTo`): a plan
    /// name, a version from 1, no negative base fee, valid meters and no meter priced twice.
    func validate() throws {
        guard !plan.isEmpty else { throw PricingError("must not be empty", field: "plan") }
        guard version >= 1 else { throw PricingError("must be at least 1, is \(version)", field: "version") }
        guard baseFee >= 0 else { throw PricingError("must not be negative, is \(baseFee)", field: "baseFee") }
        var seen: Set<String> = []
        for (index, meter) in meters.enumerated() {
            do {
                try meter.validate()
            } catch let error as PricingError {
                throw error.within("meters[\(index)]")
            }
            guard seen.insert(meter.meter).inserted else {
                throw PricingError("'\(meter.meter)' is priced twice", field: "meters[\(index)].meter")
            }
        }
    }

    /// The price of `meter` in this version, nil when the version does not price it.
    func price(of meter: String) -> MeterPrice? {
        meters.first { $0.meter == meter }
    }
}

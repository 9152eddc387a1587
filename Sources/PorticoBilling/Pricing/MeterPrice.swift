/// How one meter is priced in a plan version: `included` units are free, the rest (the billable
/// units) run through graduated `tiers`, each priced per `unitSize` units. The JSON is an element
/// of the price book's `meters` column.
struct MeterPrice: Codable, Sendable, Equatable {
    /// The meter's name as usage reports it, `api.requests`.
    let meter: String
    let included: Int64
    /// How many units one `unitAmount` pays for, `100000` for a price per 100,000 requests.
    let unitSize: Int64
    let tiers: [PriceTier]

    /// Throws for the first rule broken, naming the field (`tiers[1].upTo`): at least one tier,
    /// `upTo` strictly ascending from above zero, only the last tier open and the last one open,
    /// no negative unit amount or included quantity, and a unit size of at least one.
    func validate() throws {
        guard !meter.isEmpty else { throw PricingError("must not be empty", field: "meter") }
        guard included >= 0 else { throw PricingError("must not be negative, is \(included)", field: "included") }
        guard unitSize >= 1 else { throw PricingError("must be at least 1, is \(unitSize)", field: "unitSize") }
        guard !tiers.isEmpty else { throw PricingError("a meter needs at least one tier", field: "tiers") }
        var previousUpTo: Int64 = 0
        for (index, tier) in tiers.enumerated() {
            let field = "tiers[\(index)]"
            guard tier.unitAmount >= 0 else {
                throw PricingError("must not be negative, is \(tier.unitAmount)", field: "\(field).unitAmount")
            }
            let isLast = index == tiers.count - 1
            guard let upTo = tier.upTo else {
                guard isLast else { throw PricingError("only the last tier may be open", field: "\(field).upTo") }
                continue
            }
            guard !isLast else { throw PricingError("the last tier must be open (null)", field: "\(field).upTo") }
            guard upTo > previousUpTo else {
                throw PricingError("must be above \(previousUpTo), is \(upTo)", field: "\(field).upTo")
            }
            previousUpTo = upTo
        }
    }
}

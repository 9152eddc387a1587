/// One step of a meter's graduated price: the units up to `upTo` (counted in billable units, that
/// is beyond the included quantity, cumulatively from the first tier) cost `unitAmount` minor
/// units per unit size. The last tier is open (`upTo` null).
struct PriceTier: Codable, Sendable, Equatable {
    let upTo: Int64?
    let unitAmount: Int64

    private enum CodingKeys: String, CodingKey { case upTo, unitAmount }

    // The open tier is written as `"upTo": null`, as in the price book, not left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let upTo {
            try container.encode(upTo, forKey: .upTo)
        } else {
            try container.encodeNil(forKey: .upTo)
        }
        try container.encode(unitAmount, forKey: .unitAmount)
    }
}

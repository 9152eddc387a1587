/// The wording of invoice lines, with quantities grouped by thousands (`5,000,000`) so a reader
/// can tell a million from ten million.
enum LineDescriptions {
    static func baseFee(_ price: PlanPrice, prorated: Bool) -> String {
        "\(price.plan) v\(price.version) base fee" + (prorated ? " (prorated)" : "")
    }

    /// A tier's range in the meter's own quantities (included units counted), e.g.
    /// `insights.events beyond 2,000,000 included, up to 12,000,000, per 10,000`.
    static func tier(_ charge: TierCharge, of meter: MeterPrice) throws -> String {
        let lowerBound = try MoneyArithmetic.add(meter.included, charge.firstUnit - 1)
        var text = meter.meter
        if lowerBound > 0 {
            text += " beyond \(grouped(lowerBound))" + (charge.firstUnit == 1 ? " included" : "")
        }
        if let upTo = charge.upTo {
            text += (lowerBound > 0 ? "," : "") + " up to \(grouped(try MoneyArithmetic.add(meter.included, upTo)))"
        }
        return text + ", per " + (meter.unitSize == 1 ? "unit" : grouped(meter.unitSize))
    }

    static func withinIncluded(_ quantity: Int64, of meter: MeterPrice) -> String {
        "\(meter.meter) \(grouped(quantity)) of \(grouped(meter.included)) included"
    }

    /// `Late usage for 2026-11: api.requests +1,234`.
    static func lateUsage(_ difference: Int64, of meter: String, in period: BillingPeriod) -> String {
        "Late usage for \(period.label): \(meter) \(difference < 0 ? "-" : "+")\(grouped(difference))"
    }

    /// The magnitude with a comma between groups of three digits, `1234567` as `1,234,567`.
    static func grouped(_ number: Int64) -> String {
        var digits = String(number.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return groups.joined(separator: ",")
    }
}

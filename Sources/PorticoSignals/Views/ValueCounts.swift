/// A multiset of numbers kept as each distinct value's count: a department's 300,000 run
/// durations are a few hundred distinct seconds, so its kept past days stay small and its median
/// sorts those few hundred. Decoded from `[[value, count], ...]` (`DayTotalsSQL`).
struct ValueCounts: Sendable, Decodable, Equatable {
    private(set) var counts: [Double: Int] = [:]

    init(_ values: [Double] = []) {
        for value in values { counts[value, default: 0] += 1 }
    }

    init(from decoder: any Decoder) throws {
        for pair in try [[Double]](from: decoder) where pair.count == 2 {
            counts[pair[0], default: 0] += Int(pair[1])
        }
    }

    var distinct: Int { counts.count }

    static func + (lhs: ValueCounts, rhs: ValueCounts) -> ValueCounts {
        var sum = lhs
        sum.counts.merge(rhs.counts, uniquingKeysWith: +)
        return sum
    }

    /// PostgreSQL's `percentile_cont(0.5)` of the values: the middle one, or the two middle ones
    /// interpolated.
    var median: Double? {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return nil }
        let position = 0.5 * Double(total - 1)
        let lower = Int(position.rounded(.down))
        let upper = Int(position.rounded(.up))
        var below = 0
        var lowerValue: Double?
        for value in counts.keys.sorted() {
            below += counts[value] ?? 0
            if lowerValue == nil, below > lower { lowerValue = value }
            if let lowerValue, below > upper {
                return lowerValue + (value - lowerValue) * (position - Double(lower))
            }
        }
        return nil
    }
}

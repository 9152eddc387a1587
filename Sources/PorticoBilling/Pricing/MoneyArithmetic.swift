/// Arithmetic on amounts in minor units that throws where plain `Int64` operators would trap.
enum MoneyArithmetic {
    static func add(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw PricingError("\(a) + \(b) does not fit in 64 bits") }
        return sum
    }

    static func subtract(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        guard !overflow else { throw PricingError("\(a) - \(b) does not fit in 64 bits") }
        return difference
    }

    static func sum(_ amounts: some Sequence<Int64>) throws -> Int64 {
        try amounts.reduce(0) { try add($0, $1) }
    }

    /// `a × b ÷ divisor`, rounded half up, with a 128-bit product so only a result beyond 64 bits
    /// throws. Rounding acts on the magnitude (−2.5 becomes −3), so a negative amount is always
    /// the mirror of the positive one and a credit undoes its charge exactly.
    static func multiply(_ a: Int64, by b: Int64, dividedBy divisor: Int64) throws -> Int64 {
        guard divisor != 0 else { throw PricingError("division of \(a) × \(b) by zero") }
        let overflow = PricingError("\(a) × \(b) ÷ \(divisor) does not fit in 64 bits")
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisorMagnitude = divisor.magnitude
        // dividingFullWidth traps when the quotient needs more than 64 bits, which is exactly
        // when the high half of the dividend is not below the divisor.
        guard product.high < divisorMagnitude else { throw overflow }
        let (quotient, remainder) = divisorMagnitude.dividingFullWidth(product)
        let roundsUp = remainder >= divisorMagnitude - remainder
        let (rounded, carry) = quotient.addingReportingOverflow(roundsUp ? 1 : 0)
        guard !carry else { throw overflow }
        let negative = ((a < 0) != (b < 0)) != (divisor < 0)
        if negative {
            guard rounded <= Int64.min.magnitude else { throw overflow }
            return rounded == Int64.min.magnitude ? Int64.min : -Int64(rounded)
        }
        guard rounded <= UInt64(Int64.max) else { throw overflow }
        return Int64(rounded)
    }
}

/// Parts of a monthly amount for parts of a month, to the second.
enum Proration {
    /// `amount × covering ÷ total`, rounded half up, through a 128-bit product. Throws when
    /// `total` is not positive or `covering` is outside `0...total`.
    static func prorate(_ amount: Int64, covering: Int64, of total: Int64) throws -> Int64 {
        guard total > 0 else { throw PricingError("cannot prorate over \(total) seconds") }
        guard (0...total).contains(covering) else {
            throw PricingError("cannot prorate \(covering) of \(total) seconds")
        }
        return try MoneyArithmetic.multiply(amount, by: covering, dividedBy: total)
    }
}

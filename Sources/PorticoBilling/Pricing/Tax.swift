/// Tax on an invoice's subtotal at a rate in basis points (1/100 of a percent).
enum Tax {
    /// `subtotal × basisPoints ÷ 10000`, rounded half up. A negative subtotal (a credit; none
    /// arises today since usage only grows) gets the mirror of the tax its magnitude would, so
    /// crediting an amount gives back exactly the tax charging it took.
    static func amount(on subtotal: Int64, basisPoints: Int) throws -> Int64 {
        guard (0...10_000).contains(basisPoints) else {
            throw PricingError("must be within 0...10000, is \(basisPoints)", field: "taxRateBasisPoints")
        }
        return try MoneyArithmetic.multiply(subtotal, by: Int64(basisPoints), dividedBy: 10_000)
    }
}

/// An ISO 4217 currency with the number of its minor unit digits; every amount in billing is an
/// integer count of its minor units (cents for USD, yen for JPY, fils for BHD). Encodes as the
/// bare code, `"USD"`.
struct Currency: Hashable, Sendable, Codable {
    /// The ISO 4217 alphabetic code, `USD`.
    let code: String
    /// How many digits of minor units make one major unit: 2 for USD, 0 for JPY, 3 for BHD.
    let exponent: Int

    init(code: String) throws {
        guard let exponent = ISO4217.exponents[code] else {
            throw PricingError("'\(code)' is not an ISO 4217 currency billing knows", field: "currency")
        }
        self.code = code
        self.exponent = exponent
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        do {
            try self.init(code: code)
        } catch let error as PricingError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// `1234` as `"12.34 USD"`, `"1234 JPY"` or `"1.234 BHD"`: the amount in major units with all
    /// minor digits and no grouping, so it reads back exactly.
    func format(_ amount: Int64) -> String {
        let sign = amount < 0 ? "-" : ""
        let digits = String(amount.magnitude)
        guard exponent > 0 else { return "\(sign)\(digits) \(code)" }
        let padded = String(repeating: "0", count: max(0, exponent + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -exponent)
        return "\(sign)\(padded[..<split]).\(padded[split...]) \(code)"
    }
}

import Foundation
@testable import PorticoBilling
import Testing

private let expectedExponents: [(String, Int)] =
    ["USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "INR", "BRL",
     "MXN", "ZAR", "SGD", "HKD", "CNY"].map { ($0, 2) }
    + ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XOF", "XAF", "PYG"].map { ($0, 0) }
    + ["BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"].map { ($0, 3) }

@Suite struct CurrencyTests {
    @Test(arguments: expectedExponents)
    func knowsTheMinorUnitsOf(_ code: String, exponent: Int) throws {
        let currency = try Currency(code: code)
        #expect(currency.code == code)
        #expect(currency.exponent == exponent)
    }

    @Test(arguments: ["", "usd", "US", "USDD", "ABC", "XBT"])
    func refusesWhatIsNotAnISOCurrency(_ code: String) {
        #expect(throws: PricingError.self) { try Currency(code: code) }
    }

    @Test(arguments: [
        ("USD", 1_234, "12.34 USD"),
        ("USD", 5, "0.05 USD"),
        ("USD", 0, "0.00 USD"),
        ("EUR", -5, "-0.05 EUR"),
        ("EUR", -123_456, "-1234.56 EUR"),
        ("JPY", 1_234, "1234 JPY"),
        ("JPY", -7, "-7 JPY"),
        ("BHD", 1_234, "1.234 BHD"),
        ("BHD", 1, "0.001 BHD"),
        ("KWD", 1_000, "1.000 KWD"),
        ("USD", Int64.max, "92233720368547758.07 USD"),
        ("USD", Int64.min, "-92233720368547758.08 USD"),
    ] as [(String, Int64, String)])
    func formatsMinorUnitsInMajorUnits(_ code: String, amount: Int64, expected: String) throws {
        #expect(try Currency(code: code).format(amount) == expected)
    }

    @Test func encodesAsTheBareCode() throws {
        let encoded = try JSONEncoder().encode([try Currency(code: "BHD")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["BHD"]"#)
        let decoded = try JSONDecoder().decode([Currency].self, from: Data(#"["JPY","USD"]"#.utf8))
        #expect(decoded.map(\.exponent) == [0, 2])
    }

    @Test func decodingAnUnknownCodeFails() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Currency].self, from: Data(#"["ZZZ"]"#.utf8))
        }
    }
}

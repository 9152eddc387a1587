@testable import PorticoBilling
import Testing

private let day: Int64 = 86_400

@Suite struct ProrationTests {
    @Test(arguments: [
        // Half of November's 30 days: 49900 / 2 exactly.
        (49_900, 15 * day, 30 * day, 24_950),
        // 0.5 rounds up, 0.333 down, 0.667 up, 2.5 up.
        (1, 1, 2, 1),
        (1, 1, 3, 0),
        (2, 1, 3, 1),
        (5, 1, 2, 3),
        // One second of a 31-day month: 49900 / 2678400 = 0.0186 → 0; all but it: 49899.98 → 49900.
        (49_900, 1, 31 * day, 0),
        (49_900, 31 * day - 1, 31 * day, 49_900),
        // 10.5 of 30 days: 249900 × 0.35 = 87465 exactly.
        (249_900, 10 * day + 12 * 3_600, 30 * day, 87_465),
        // 1,000,000 s of February 2027 (28 days): 49900 × 1000000 / 2419200 = 20626.65 → 20627.
        (49_900, 1_000_000, 28 * day, 20_627),
        (0, 15 * day, 30 * day, 0),
        (49_900, 0, 30 * day, 0),
        (49_900, 30 * day, 30 * day, 49_900),
        // The product needs 128 bits: Int64.max × 2591999 / 2592000 = 9223368478455070230.3.
        (Int64.max, 30 * day - 1, 30 * day, 9_223_368_478_455_070_230),
        (Int64.max, 30 * day, 30 * day, Int64.max),
    ] as [(Int64, Int64, Int64, Int64)])
    func proratesToTheSecondRoundingHalfUp(_ amount: Int64, covering: Int64, of total: Int64, expected: Int64) throws {
        #expect(try Proration.prorate(amount, covering: covering, of: total) == expected)
    }

    @Test(arguments: [(1, 0), (1, -5), (-1, 10), (11, 10)] as [(Int64, Int64)])
    func refusesAPartOutsideTheWhole(covering: Int64, of total: Int64) {
        #expect(throws: PricingError.self) { try Proration.prorate(100, covering: covering, of: total) }
    }

    @Test(arguments: [
        // Rounding acts on magnitudes: a negative result mirrors the positive one.
        (-5, 1, 2, -3),
        (5, -1, 2, -3),
        (5, 1, -2, -3),
        (-5, -1, -2, -3),
        (-1, 1, 3, 0),
        (Int64.min, 1, 1, Int64.min),
        (Int64.min, 2, 2, Int64.min),
    ] as [(Int64, Int64, Int64, Int64)])
    func multipliesAndDividesSymmetrically(_ a: Int64, by b: Int64, dividedBy divisor: Int64, expected: Int64) throws {
        #expect(try MoneyArithmetic.multiply(a, by: b, dividedBy: divisor) == expected)
    }

    @Test(arguments: [
        (Int64.max, 2, 1),
        (Int64.min, -1, 1),
        (Int64.max, Int64.max, 2),
        (1, 1, 0),
    ] as [(Int64, Int64, Int64)])
    func multiplicationBeyond64BitsThrows(_ a: Int64, by b: Int64, dividedBy divisor: Int64) {
        #expect(throws: PricingError.self) { try MoneyArithmetic.multiply(a, by: b, dividedBy: divisor) }
    }

    @Test func additionBeyond64BitsThrows() throws {
        #expect(throws: PricingError.self) { try MoneyArithmetic.add(Int64.max, 1) }
        #expect(throws: PricingError.self) { try MoneyArithmetic.subtract(Int64.min, 1) }
        #expect(throws: PricingError.self) { try MoneyArithmetic.sum([Int64.max - 1, 1, 1]) }
        #expect(try MoneyArithmetic.sum([Int64.max - 1, 1]) == Int64.max)
    }
}

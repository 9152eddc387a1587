import Foundation
@testable import PorticoBilling
import Testing

private func utc(_ text: String) -> Date { BillingFixtures.utc(text) }
private let day: Int64 = 86_400

@Suite struct BillingPeriodTests {
    @Test(arguments: [
        ("2026-11-15T12:34:56Z", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", 30, "2026-11"),
        ("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", 30, "2026-11"),
        ("2026-12-31T23:59:59Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 31, "2026-12"),
        ("2027-02-10T08:00:00Z", "2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z", 28, "2027-02"),
        ("2028-02-29T23:59:59Z", "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", 29, "2028-02"),
        // Centuries are leap years only every 400 years.
        ("2100-02-14T00:00:00Z", "2100-02-01T00:00:00Z", "2100-03-01T00:00:00Z", 28, "2100-02"),
        ("2000-02-14T00:00:00Z", "2000-02-01T00:00:00Z", "2000-03-01T00:00:00Z", 29, "2000-02"),
        ("2026-04-30T23:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", 30, "2026-04"),
        // Before 1970 the seconds are negative and still round down into the right month.
        ("1969-12-31T23:59:59Z", "1969-12-01T00:00:00Z", "1970-01-01T00:00:00Z", 31, "1969-12"),
    ] as [(String, String, String, Int64, String)])
    func monthContainingADate(_ date: String, start: String, end: String, days: Int64, label: String) {
        let period = BillingPeriod.month(containing: utc(date))
        #expect(period.start == utc(start))
        #expect(period.end == utc(end))
        #expect(period.seconds == days * day)
        #expect(period.label == label)
    }

    @Test func theLastFractionOfAMonthBelongsToIt() {
        let period = BillingPeriod.month(containing: utc("2026-11-30T23:59:59Z").addingTimeInterval(0.999))
        #expect(period.label == "2026-11")
    }

    @Test func nextRunsThroughTheYearAndIntoTheNext() {
        var period = BillingPeriod.month(containing: utc("2028-01-10T00:00:00Z"))
        var labels: [String] = []
        var seconds: Int64 = 0
        for _ in 1...12 {
            labels.append(period.label)
            seconds += period.seconds
            #expect(period.next.start == period.end)
            period = period.next
        }
        #expect(labels == (1...12).map { $0 < 10 ? "2028-0\($0)" : "2028-\($0)" })
        #expect(seconds == 366 * day)
        #expect(period.label == "2029-01")
    }

    @Test func clippingCutsThePeriodShort() {
        let november = BillingPeriod.month(containing: utc("2026-11-15T00:00:00Z"))
        let cancelled = november.clipped(to: utc("2026-11-10T12:00:00Z"))
        #expect(cancelled.start == november.start)
        #expect(cancelled.end == utc("2026-11-10T12:00:00Z"))
        #expect(cancelled.seconds == 9 * day + 12 * 3_600)
        #expect(cancelled.label == "2026-11")
        // The month after a clipped period is still the next calendar month.
        #expect(cancelled.next == BillingPeriod.month(containing: utc("2026-12-01T00:00:00Z")))
    }

    @Test func clippingOutsideThePeriodKeepsItWithinIt() {
        let november = BillingPeriod.month(containing: utc("2026-11-15T00:00:00Z"))
        #expect(november.clipped(to: utc("2027-01-01T00:00:00Z")) == november)
        let empty = november.clipped(to: utc("2026-10-01T00:00:00Z"))
        #expect(empty.end == november.start)
        #expect(empty.seconds == 0)
    }

    @Test func roundTripsThroughJSON() throws {
        let period = BillingPeriod.month(containing: utc("2026-11-15T00:00:00Z"))
        let decoded = try JSONDecoder().decode(BillingPeriod.self, from: JSONEncoder().encode(period))
        #expect(decoded == period)
    }
}

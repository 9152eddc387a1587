import Foundation

/// What one invoice covers: a calendar month in UTC, or the first part of one when a
/// cancellation at once cut it short (`clipped(to:)`).
struct BillingPeriod: Hashable, Sendable, Codable {
    let start: Date
    let end: Date

    /// The calendar month (UTC) holding `date`, from its first second to the next month's first.
    static func month(containing date: Date) -> BillingPeriod {
        let month = CivilCalendar.month(containing: CivilCalendar.seconds(of: date))
        return BillingPeriod(
            start: CivilCalendar.date(seconds: CivilCalendar.start(of: month)),
            end: CivilCalendar.date(seconds: CivilCalendar.start(of: month.next)))
    }

    /// The calendar month after the one this period starts in, also when this one was clipped.
    var next: BillingPeriod {
        let month = CivilCalendar.month(containing: CivilCalendar.seconds(of: start))
        return .month(containing: CivilCalendar.date(seconds: CivilCalendar.start(of: month.next)))
    }

    /// The period's length in whole seconds.
    var seconds: Int64 {
        CivilCalendar.seconds(of: end) - CivilCalendar.seconds(of: start)
    }

    /// The period cut short at `end` (a cancellation at once); a date after the period leaves it
    /// whole and one before it leaves it empty.
    func clipped(to end: Date) -> BillingPeriod {
        BillingPeriod(start: start, end: min(self.end, max(start, end)))
    }

    /// The month the period starts in, `2026-11`.
    var label: String {
        let month = CivilCalendar.month(containing: CivilCalendar.seconds(of: start))
        let monthDigits = month.month < 10 ? "0\(month.month)" : "\(month.month)"
        return "\(month.year)-\(monthDigits)"
    }
}

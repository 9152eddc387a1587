import Foundation

/// Gregorian dates in UTC by integer arithmetic (Howard Hinnant's `days_from_civil` and
/// `civil_from_days`), so period boundaries never depend on a time zone database or a locale.
enum CivilCalendar {
    struct Month: Equatable {
        let year: Int64
        let month: Int64 // 1...12

        var next: Month { month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1) }
    }

    static let secondsPerDay: Int64 = 86_400

    /// Whole seconds since 1970-01-01T00:00:00Z, rounded down: a date within a second counts as
    /// that second, so adjacent spans always add up to the seconds of the whole.
    static func seconds(of date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    static func date(seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func month(containing seconds: Int64) -> Month {
        let days = floorDivide(seconds, secondsPerDay)
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153 // March is 0
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Month(year: year, month: month)
    }

    /// The first second of `month`.
    static func start(of month: Month) -> Int64 {
        let year = month.month <= 2 ? month.year - 1 : month.year
        let era = floorDivide(year, 400)
        let yearOfEra = year - era * 400
        let shiftedMonth = month.month > 2 ? month.month - 3 : month.month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return (era * 146_097 + dayOfEra - 719_468) * secondsPerDay
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}

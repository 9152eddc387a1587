import Foundation

extension Calendar {
    /// The Gregorian calendar in UTC: the days and months reports, billing and retention count in.
    public static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()
}

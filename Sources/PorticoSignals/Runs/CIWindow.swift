import Foundation

/// The views' "30 days": the last 30 UTC days, today included. An entity's window row
/// (`SignalPart.ciWindow`) keeps its daily CI totals of these days in one row.
enum CIWindow {
    static let days = 30

    static func firstDay(now: Date) -> Date {
        UTCDays.start(of: now).addingTimeInterval(-86_400 * Double(days - 1))
    }

    /// SQL for a window entry from the SQL of a `ciDay` body: the figures the views read, without
    /// the sums kept for other readers.
    static func entry(_ body: String) -> String {
        "(\(body) - 'durationSeconds' - 'leadTimeHours' - 'leadTimes')"
    }
}

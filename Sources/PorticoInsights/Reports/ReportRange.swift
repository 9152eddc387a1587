import Foundation
import Hummingbird
import PorticoCore

/// The days a report covers, from `from`/`to` (inclusive, `YYYY-MM-DD`, UTC) or `last`
/// (`7d`, `28d`, `90d`, `12m`, ending today); 28 days by default.
struct ReportRange: Sendable, Equatable {
    static let maximumDays = 400
    static let lastChoices = ["7d", "28d", "90d", "12m"]

    let first: UTCDay
    let last: UTCDay

    var start: Date { first.start }
    /// Exclusive.
    var end: Date { last.adding(days: 1).start }
    var days: Int { last.number - first.number + 1 }

    init(first: UTCDay, last: UTCDay) {
        self.first = first
        self.last = last
    }

    init(_ parameters: Parameters, today: UTCDay) throws {
        let from = parameters.get("from"), to = parameters.get("to"), last = parameters.get("last")
        if let last {
            guard from == nil, to == nil else {
                throw PorticoError.invalidRequest("Give either 'last' or 'from' and 'to', not both.", field: "last")
            }
            switch last {
            case "7d": self.init(first: today.adding(days: -6), last: today)
            case "28d": self.init(first: today.adding(days: -27), last: today)
            case "90d": self.init(first: today.adding(days: -89), last: today)
            case "12m": self.init(first: today.adding(months: -12).adding(days: 1), last: today)
            default:
                throw PorticoError.invalidRequest("'last' must be one of \(Self.lastChoices.joined(separator: ", ")).", field: "last")
            }
            return
        }
        let first = try from.map { try Self.day($0, field: "from") } ?? (to == nil ? today.adding(days: -27) : nil)
        let lastDay = try to.map { try Self.day($0, field: "to") } ?? today
        guard let first else {
            throw PorticoError.invalidRequest("'from' is required with 'to'.", field: "from")
        }
        guard first <= lastDay else {
            throw PorticoError.invalidRequest("'from' must not be after 'to'.", field: "from")
        }
        guard lastDay.number - first.number < Self.maximumDays else {
            throw PorticoError.invalidRequest("A range spans at most \(Self.maximumDays) days.", field: "from")
        }
        self.init(first: first, last: lastDay)
    }

    private static func day(_ text: String, field: String) throws -> UTCDay {
        guard let day = UTCDay(parsing: text) else {
            throw PorticoError.invalidRequest("'\(field)' must be a date as YYYY-MM-DD.", field: field)
        }
        return day
    }
}

/// How a series is bucketed.
enum ReportGrouping: String, Sendable, CaseIterable {
    case hour, day, week, month

    static let maximumHourlyDays = 31

    init(_ parameters: Parameters, range: ReportRange) throws {
        guard let raw = parameters.get("grouping") else { self = .day; return }
        guard let grouping = ReportGrouping(rawValue: raw) else {
            throw PorticoError.invalidRequest(
                "'grouping' must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")).", field: "grouping")
        }
        if grouping == .hour, range.days > Self.maximumHourlyDays {
            throw PorticoError.invalidRequest("Hourly series cover at most \(Self.maximumHourlyDays) days.", field: "grouping")
        }
        self = grouping
    }

    /// Every bucket start in the range, the first one truncated (a week or month may begin
    /// before the range; only the range's days are counted in it).
    func buckets(in range: ReportRange) -> [Date] {
        switch self {
        case .hour:
            return (0..<(range.days * 24)).map { range.start.addingTimeInterval(Double($0) * 3_600) }
        case .day:
            return (range.first.number...range.last.number).map { UTCDay(number: $0).start }
        case .week:
            return stride(from: range.first.startOfWeek.number, through: range.last.number, by: 7).map { UTCDay(number: $0).start }
        case .month:
            var starts: [Date] = []
            var month = range.first.startOfMonth
            while month <= range.last {
                starts.append(month.start)
                month = month.adding(months: 1)
            }
            return starts
        }
    }

    /// How a bucket is labelled: a day, or for hours the instant.
    func label(_ start: Date) -> String {
        switch self {
        case .hour: start.formatted(.iso8601)
        case .day, .week, .month: UTCDay(start).description
        }
    }
}

import Foundation
import Testing
@testable import PorticoInsights

/// A range is read as whole months, then whole weeks, then days, each of its days exactly once.
@Suite struct InsightsRankingPeriodsTests {
    private func day(_ text: String) -> UTCDay { UTCDay(parsing: text)! }

    @Test func wholeMonthsAndWeeksAreTakenWhole() {
        let november = ReportRange(first: day("2026-11-01"), last: day("2026-11-30")).periods
        #expect(november == .init(months: [day("2026-11-01")], weeks: [], days: []))

        let twoWeeks = ReportRange(first: day("2026-11-02"), last: day("2026-11-15")).periods
        #expect(twoWeeks == .init(months: [], weeks: [day("2026-11-02"), day("2026-11-09")], days: []))

        // Thursday 29 October to Sunday 13 December: November whole; 1–6 December are days (the
        // month does not end inside, and Tuesday starts no week); 7–13 December a week.
        let edges = ReportRange(first: day("2026-10-29"), last: day("2026-12-13")).periods
        #expect(edges.months == [day("2026-11-01")])
        #expect(edges.weeks == [day("2026-12-07")])
        #expect(edges.days == ["2026-10-29", "2026-10-30", "2026-10-31", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04",
                               "2026-12-05", "2026-12-06"].map(day))
    }

    @Test func everyDayOfAnyRangeIsInExactlyOnePeriod() {
        var random = SeededGenerator(state: 9)
        for _ in 0..<500 {
            let first = day("2025-12-01").adding(days: Int.random(in: 0..<400, using: &random))
            let range = ReportRange(first: first, last: first.adding(days: Int.random(in: 0..<ReportRange.maximumDays, using: &random)))
            let periods = range.periods
            var covered: [Int] = periods.days.map(\.number)
            covered += periods.weeks.flatMap { week in (0..<7).map { week.number + $0 } }
            covered += periods.months.flatMap { month in (month.number..<month.startOfMonth.adding(months: 1).number).map { $0 } }
            #expect(covered.sorted() == Array(range.first.number...range.last.number), "\(range.first) – \(range.last)")
            #expect(periods.weeks.allSatisfy { $0 == $0.startOfWeek })
            #expect(periods.months.allSatisfy { $0 == $0.startOfMonth })
        }
    }
}

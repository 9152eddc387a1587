/// A range cut into the fewest whole periods: months, then weeks (Monday to Sunday, UTC), then
/// days, each day of the range in exactly one of them. Top lists rank from these (see
/// `RankingPeriod`).
extension ReportRange {
    struct Periods: Equatable {
        var months: [UTCDay] = []
        var weeks: [UTCDay] = []
        var days: [UTCDay] = []
    }

    var periods: Periods {
        var periods = Periods()
        var day = first
        while day <= last {
            let nextMonth = day.startOfMonth.adding(months: 1)
            let nextWeek = day.adding(days: 7)
            if day == day.startOfMonth, nextMonth.adding(days: -1) <= last {
                periods.months.append(day)
                day = nextMonth
            } else if day == day.startOfWeek, nextWeek.adding(days: -1) <= last {
                periods.weeks.append(day)
                day = nextWeek
            } else {
                periods.days.append(day)
                day = day.adding(days: 1)
            }
        }
        return periods
    }
}

import PostgresNIO

/// The columns of `ViewSQL.columns` decoded, as both view statements return them (first, in that
/// order): day totals and cost, recent runs, latest runs. A rollup's past days are kept as these.
struct ViewColumns: Sendable {
    /// A run as PostgreSQL rendered it for the view (`ViewSQL.viewedRun`), with its scope.
    struct RenderedRun: Sendable {
        let scope: String
        let json: String
    }

    static let count = 12

    let totals: DayTotals
    let recentRuns: [String]
    let latest: [RenderedRun]

    init(_ cells: PostgresRandomAccessRow) throws {
        totals = try DayTotals(
            completed: cells[0].decode(Int.self), succeeded: cells[1].decode(Int.self), failed: cells[2].decode(Int.self),
            deploys: cells[3].decode(Int.self), failedDeploys: cells[4].decode(Int.self),
            durationsJSON: cells[5].decode(String.self), leadTimesJSON: cells[6].decode(String.self),
            costsJSON: cells[7].decode(String.self), totalsJSON: cells[8].decode(String.self))
        recentRuns = try cells[9].decode([String].self)
        latest = zip(try cells[11].decode([String].self), try cells[10].decode([String].self)).map { RenderedRun(scope: $0, json: $1) }
    }
}

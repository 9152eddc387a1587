import Foundation
import PostgresNIO

/// The daily CI totals, cost and most recent runs of a rollup's scopes on the days of the window
/// before today, and their latest runs now, which `SignalsReader` keeps; prepared once per
/// connection. Binds: `ViewSQL.Binds`, ending at today's start.
struct PastDaysStatement: PostgresPreparedStatement {
    typealias Row = ViewColumns

    let binds: ViewSQL.Binds

    init(scopes: [String], refs: [String], window: SignalsReader.Window, withTotals: Bool) {
        binds = ViewSQL.Binds(
            scopes: scopes, refs: refs, daysFrom: window.start, end: window.today, previousCostFrom: window.previousStart,
            withTotals: withTotals, recentRunsFrom: window.start, latestOfScopesWithDays: false)
    }

    static let sql = """
        WITH \(ViewSQL.tables(endComparison: "<"))
        SELECT \(ViewSQL.columns)
        FROM \(ViewSQL.sums)
        """

    func makeBindings() throws -> PostgresBindings { binds.bindings }

    func decodeRow(_ row: PostgresRow) throws -> Row { try ViewColumns(row.makeRandomAccess()) }
}

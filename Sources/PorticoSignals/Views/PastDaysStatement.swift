import Foundation
import PostgresNIO

/// The daily CI totals and cost of a rollup's scopes on the days of the window before today
/// (`PastDays`), prepared once per connection. Binds: as `DayTotalsSQL` says, $3 today's start.
struct PastDaysStatement: PostgresPreparedStatement {
    typealias Row = (Int, Int, Int, Int, Int, String, String, String, String)

    let scopes: [String]
    let window: SignalsReader.Window
    let withTotals: Bool

    static let sql = """
        WITH \(DayTotalsSQL.tables(endComparison: "<"))
        SELECT \(DayTotalsSQL.columns)
        FROM \(DayTotalsSQL.sums)
        """

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(scopes)
        bindings.append(window.start)
        bindings.append(window.today)
        bindings.append(window.previousStart)
        bindings.append(withTotals)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

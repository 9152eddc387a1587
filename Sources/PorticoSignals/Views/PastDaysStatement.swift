import Foundation
import PostgresNIO

/// The daily CI totals, cost and most recent runs of a rollup's scopes on the days of the window
/// before today, which `SignalsReader` keeps; prepared once per connection. Binds: as `ViewSQL`
/// says, $3 today's start.
struct PastDaysStatement: PostgresPreparedStatement {
    typealias Row = (Int, Int, Int, Int, Int, String, String, String, String, [String])

    let scopes: [String]
    let refs: [String]
    let window: SignalsReader.Window
    let withTotals: Bool

    static let sql = """
        WITH \(ViewSQL.tables(endComparison: "<"))
        SELECT \(ViewSQL.columns)
        FROM \(ViewSQL.sums)
        """

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(scopes)
        bindings.append(window.start)
        bindings.append(window.today)
        bindings.append(window.previousStart)
        bindings.append(withTotals)
        bindings.append(refs)
        bindings.append(window.start)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

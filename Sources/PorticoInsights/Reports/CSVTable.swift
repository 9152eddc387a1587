import PorticoCore

/// A report as CSV (RFC 4180), for `?format=csv`. Text a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`) is prefixed with `'`: search terms and paths come from users.
struct CSVTable: Sendable {
    enum Cell: Sendable {
        case text(String)
        case number(Double)
        case integer(Int)
    }

    let header: [String]
    let rows: [[Cell]]

    var text: String {
        var lines = [header.map(Self.escape).joined(separator: ",")]
        for row in rows {
            lines.append(row.map { cell in
                switch cell {
                case .text(let value): Self.escape(Self.defused(value))
                case .number(let value): value.wholeNumber.map(String.init) ?? String(value)
                case .integer(let value): String(value)
                }
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func defused(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
        return "'" + value
    }

    private static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A report that can be downloaded as CSV.
protocol CSVExportable {
    var csv: CSVTable { get }
}

extension ActiveUsersReport: CSVExportable {
    var csv: CSVTable {
        CSVTable(
            header: ["start", "activeUsers", "newUsers", "returningUsers"],
            rows: series.map { [.text($0.start), .integer($0.activeUsers), .integer($0.newUsers), .integer($0.returningUsers)] })
    }
}

extension TopReport: CSVExportable {
    var csv: CSVTable {
        CSVTable(
            header: ["key", "events", "users", "value", "averageValue"],
            rows: items.map { [.text($0.key), .integer($0.events), .integer($0.users), .number($0.value),
                               $0.averageValue.map(CSVTable.Cell.number) ?? .text("")] })
    }
}

extension TeamsReport: CSVExportable {
    var csv: CSVTable {
        CSVTable(
            header: ["group", "activeUsers", "events", "members"],
            rows: items.map { [.text($0.group), .integer($0.activeUsers), .integer($0.events), .integer($0.members)] })
    }
}

extension RetentionReport: CSVExportable {
    var csv: CSVTable {
        let weeks = cohorts.map(\.retained.count).max() ?? 0
        return CSVTable(
            header: ["week", "users"] + (0..<weeks).map { "week\($0)" },
            rows: cohorts.map { cohort in
                [.text(cohort.week), .integer(cohort.users)]
                    + (0..<weeks).map { $0 < cohort.retained.count ? .integer(cohort.retained[$0]) : .text("") }
            })
    }
}

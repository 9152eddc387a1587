import Foundation

/// How admin commands print: the server's JSON with `--json`, else an aligned table.
enum AdminOutput {
    static func printJSON(_ value: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }

    /// On stderr, so it reaches a person at a terminal without disturbing a script reading stdout.
    static func noteShownOnce(_ field: String) {
        FileHandle.standardError.write(Data("portico admin: the \(field) below is shown only this once; store it now.\n".utf8))
    }

    /// Prints `rows` as a table with the given (header, JSON key) columns; nested keys use dots.
    static func printTable(_ rows: [[String: Any]], columns: [(String, String)]) {
        let cells = rows.map { row in columns.map { text(value(row, path: $0.1)) } }
        let headers = columns.map(\.0)
        let widths = headers.indices.map { index in
            max(headers[index].count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        print(line(headers))
        for row in cells { print(line(row)) }
        if rows.isEmpty { print("(none)") }
    }

    /// Prints one object as `key: value` lines.
    static func printRecord(_ record: [String: Any], keys: [String]) {
        let width = keys.map(\.count).max() ?? 0
        for key in keys {
            print("\(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(text(value(record, path: key)))")
        }
    }

    static func value(_ object: [String: Any], path: String) -> Any? {
        var current: Any? = object
        for part in path.split(separator: ".") { current = (current as? [String: Any])?[String(part)] }
        return current
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "-"
        case let array as [Any]: return array.map { text($0) }.joined(separator: ",")
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        default: return "\(value!)"
        }
    }
}

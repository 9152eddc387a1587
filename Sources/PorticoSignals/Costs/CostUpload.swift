import Foundation
import PorticoCore

/// A body of cost rows: FOCUS CSV (`text/csv`, a header row naming the columns) or JSON lines
/// (one object per line, the same names). Every row is checked before any is stored.
enum CostUpload {
    static let maximumRows = 100_000

    static func rows(_ body: Data, contentType: String?) throws -> [CostRow] {
        guard let text = String(data: body, encoding: .utf8) else {
            throw PorticoError.invalidRequest("The body must be UTF-8 text.", field: "body")
        }
        let media = contentType?.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        switch media {
        case "text/csv":
            return try csv(text)
        case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/json":
            return try jsonLines(text)
        default:
            throw PorticoError.unsupportedMediaType("Send cost rows as text/csv (FOCUS columns) or application/x-ndjson (JSON lines).")
        }
    }

    private static func csv(_ text: String) throws -> [CostRow] {
        let records: [[String]]
        do {
            records = try CSVRecords.parse(text)
        } catch {
            throw PorticoError.invalidRequest("The CSV is malformed at line \(error.line): \(error.detail).", field: "body")
        }
        guard let header = records.first else { throw PorticoError.invalidRequest("The CSV is empty; send a header row and cost rows.", field: "body") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        if let missing = CostRow.required.sorted().first(where: { !names.contains($0) }) {
            throw PorticoError.validation("The CSV header lacks the FOCUS column '\(missing)'.", field: missing)
        }
        try checkCount(records.count - 1)
        return try records.dropFirst().enumerated().map { index, record in
            guard record.count == names.count else {
                throw PorticoError.validation("rows[\(index)] has \(record.count) fields; the header has \(names.count).", field: "rows[\(index)]")
            }
            return try CostRow(Dictionary(zip(names, record), uniquingKeysWith: { first, _ in first }), field: "rows[\(index)]")
        }
    }

    private static func jsonLines(_ text: String) throws -> [CostRow] {
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        try checkCount(lines.count)
        return try lines.enumerated().map { index, line in
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)), case .object(let members) = value else {
                throw PorticoError.malformedJSON("Line \(index + 1) is not a JSON object.")
            }
            var fields: [String: String] = [:]
            for (key, member) in members {
                guard CostRow.columns.contains(key) else {
                    throw PorticoError.validation(
                        "rows[\(index)]: unknown field '\(key)'; expected \(CostRow.columns.joined(separator: ", ")).", field: "rows[\(index)].\(key)")
                }
                switch member {
                case .string(let text): fields[key] = text
                case .number: fields[key] = String(decoding: try JSONEncoder().encode(member), as: UTF8.self)
                case .object: fields[key] = String(decoding: try JSONEncoder().encode(member), as: UTF8.self)
                case .null: continue
                default:
                    throw PorticoError.validation("rows[\(index)]: '\(key)' must be a string or a number.", field: "rows[\(index)].\(key)")
                }
            }
            return try CostRow(fields, field: "rows[\(index)]")
        }
    }

    private static func checkCount(_ count: Int) throws {
        guard count > 0 else { throw PorticoError.invalidRequest("The body holds no cost rows.", field: "body") }
        guard count <= maximumRows else {
            throw PorticoError.validation("At most \(maximumRows) rows per request; split the upload.", field: "body")
        }
    }
}

import Foundation
import Testing

/// Citus refuses `INSERT … ON CONFLICT DO UPDATE SET col = now()` on distributed tables (functions
/// there must be IMMUTABLE), so upserts take timestamps and generated ids as bound values. These
/// tests read every SQL text in `Sources/` and `Migrations/` and fail on any function call in an
/// upsert's update that is not known to be immutable.
@Suite struct UpsertFunctionCallTests {
    @Test func noUpsertCallsANonImmutableFunction() throws {
        var findings: [String] = []
        let files = try UpsertScanner.files(under: ["Sources", "Migrations"])
        #expect(files.count > 100, "the scan finds the sources")
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let path = file.path.replacingOccurrences(of: TestEnvironment.repositoryRoot.path + "/", with: "")
            findings += UpsertScanner.findings(in: text).map { "\(path):\($0.line): \($0.call)" }
        }
        #expect(findings.isEmpty, "bind the value from the application instead: \(findings)")
    }

    @Test func theScannerFindsWhatCitusRefuses() {
        let refused = [
            "INSERT INTO t (k) VALUES ($1) ON CONFLICT (k) DO UPDATE SET updated_at = now()",
            "ON CONFLICT (k) DO\n  UPDATE SET id = gen_random_uuid(), v = EXCLUDED.v;",
            "ON CONFLICT (k) DO UPDATE SET at = CURRENT_TIMESTAMP",
            "ON CONFLICT (k) DO UPDATE SET at = clock_timestamp() WHERE t.v <> EXCLUDED.v",
            "ON CONFLICT (k) DO UPDATE SET n = coalesce(random(), 0)",
        ]
        for sql in refused {
            #expect(!UpsertScanner.findings(in: sql).isEmpty, "\(sql)")
        }
        let accepted = [
            "ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, updated_at = \\(now)\n\"\"\", logger: logger)",
            "ON CONFLICT (k) DO UPDATE SET count = t.count + EXCLUDED.count, v = coalesce(EXCLUDED.v, t.v); SELECT now()",
            "ON CONFLICT (k) DO NOTHING RETURNING now()",
            "ON CONFLICT (k) DO UPDATE SET v = \\(String(value.prefix(10)))\"\n let at = now()",
            "WITH a AS (INSERT INTO t (k) VALUES (1) ON CONFLICT (k) DO UPDATE SET n = t.n + 1 RETURNING 1), b AS (SELECT max(k) FROM t) SELECT count(*) FROM a",
        ]
        for sql in accepted {
            #expect(UpsertScanner.findings(in: sql).isEmpty, "\(sql): \(UpsertScanner.findings(in: sql))")
        }
    }
}

/// Finds function calls in the update part of `ON CONFLICT … DO UPDATE SET …` in SQL text, whether
/// in a `.sql` file (up to `;`) or in a Swift string literal (up to its closing quote, with
/// interpolations, which are bound values, taken out).
enum UpsertScanner {
    struct Finding: Equatable {
        let line: Int
        let call: String
    }

    /// Functions (and keywords followed by a parenthesis) that are immutable or not calls at all.
    static let allowed: Set<String> = [
        "coalesce", "nullif", "greatest", "least", "lower", "upper", "jsonb_set", "string_to_array", "array_remove",
        "array_cat", "and", "or", "not", "in", "any", "all", "exists", "case", "when", "then", "else", "array", "row",
    ]
    /// SQL's niladic time functions, called without parentheses.
    static let niladic = ["current_timestamp", "current_date", "current_time", "localtimestamp", "localtime"]

    static func files(under folders: [String]) throws -> [URL] {
        var result: [URL] = []
        for folder in folders {
            let root = TestEnvironment.repositoryRoot.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in enumerator where ["swift", "sql"].contains(url.pathExtension) { result.append(url) }
        }
        return result
    }

    static func findings(in text: String) -> [Finding] {
        let upsert = /(?i)DO\s+UPDATE\s+SET/
        let call = /([A-Za-z_][A-Za-z0-9_.]*)\s*\(/
        var result: [Finding] = []
        for match in text.matches(of: upsert) {
            let line = text[..<match.range.lowerBound].count { $0 == "\n" } + 1
            let clause = updateClause(text[match.range.upperBound...])
            for found in clause.matches(of: call) where !allowed.contains(found.output.1.lowercased()) {
                result.append(Finding(line: line, call: String(found.output.1) + "()"))
            }
            for word in clause.lowercased().matches(of: /[a-z_]+/) where niladic.contains(String(word.output)) {
                result.append(Finding(line: line, call: String(word.output)))
            }
        }
        return result
    }

    /// The text after `DO UPDATE SET` up to the end of the statement: `;`, the closing quote of the
    /// Swift literal, or the parenthesis that closes the `WITH` part the upsert is in; with Swift
    /// interpolations `\(…)` replaced by a placeholder, and SQL string literals removed.
    static func updateClause(_ rest: Substring) -> String {
        var clause = ""
        var index = rest.startIndex
        var depth = 0
        while index < rest.endIndex {
            let character = rest[index]
            if character == "\\", rest[index...].dropFirst().hasPrefix("(") {
                index = endOfInterpolation(rest, from: rest.index(index, offsetBy: 2))
                clause += "$1"
                continue
            }
            if character == "\"" || character == ";" { break }
            if character == "(" { depth += 1 }
            if character == ")" {
                if depth == 0 { break }
                depth -= 1
            }
            if character == "'" {
                index = rest[rest.index(after: index)...].firstIndex(of: "'").map { rest.index(after: $0) } ?? rest.endIndex
                continue
            }
            clause.append(character)
            index = rest.index(after: index)
        }
        return clause
    }

    /// The index after the parenthesis that closes an interpolation whose contents start at `start`.
    private static func endOfInterpolation(_ text: Substring, from start: Substring.Index) -> Substring.Index {
        var depth = 1
        var index = start
        while index < text.endIndex, depth > 0 {
            if text[index] == "(" { depth += 1 } else if text[index] == ")" { depth -= 1 }
            index = text.index(after: index)
        }
        return index
    }
}

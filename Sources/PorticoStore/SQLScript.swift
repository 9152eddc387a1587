import Foundation

/// Splits SQL text holding several statements (a migration file) into single statements, since
/// the extended query protocol takes one at a time. Understands quotes, dollar quotes and comments,
/// so a `;` inside a function body or a string does not split.
public enum SQLScript {
    public static func statements(in sql: String) -> [String] {
        let scalars = Array(sql.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0

        func flush() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty && !isOnlyComments(text) { statements.append(text) }
            current = String.UnicodeScalarView()
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "'", "\"":
                let backslashEscapes = scalar == "'" && isEscapeStringPrefix(scalars, before: index)
                let end = closingQuote(scalars, from: index, quote: scalar, backslashEscapes: backslashEscapes)
                current.append(contentsOf: scalars[index..<end])
                index = end
            case "-" where next == "-":
                var end = index
                while end < scalars.count && scalars[end] != "\n" { end += 1 }
                current.append(contentsOf: scalars[index..<end])
                index = end
            case "/" where next == "*":
                let end = closingBlockComment(scalars, from: index)
                current.append(contentsOf: scalars[index..<end])
                index = end
            case "$":
                if let tagEnd = dollarTagEnd(scalars, from: index) {
                    let tag = Array(scalars[index...tagEnd])
                    let end = closingDollarQuote(scalars, after: tagEnd + 1, tag: tag)
                    current.append(contentsOf: scalars[index..<end])
                    index = end
                } else {
                    current.append(scalar)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                current.append(scalar)
                index += 1
            }
        }
        flush()
        return statements
    }

    private static func closingQuote(
        _ scalars: [Unicode.Scalar], from start: Int, quote: Unicode.Scalar, backslashEscapes: Bool
    ) -> Int {
        var index = start + 1
        while index < scalars.count {
            // In an escape string (`E'...'`) a backslash escapes the next character, quotes included.
            if backslashEscapes && scalars[index] == "\\" { index += 2; continue }
            if scalars[index] == quote {
                // A doubled quote is an escaped quote inside the literal.
                if index + 1 < scalars.count && scalars[index + 1] == quote { index += 2; continue }
                return index + 1
            }
            index += 1
        }
        return scalars.count
    }

    /// True when the quote at `index` opens an escape string: it follows a lone `E` or `e`.
    private static func isEscapeStringPrefix(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        guard index > 0, scalars[index - 1] == "E" || scalars[index - 1] == "e" else { return false }
        guard index > 1 else { return true }
        let previous = scalars[index - 2]
        return !(previous.properties.isAlphabetic || ("0"..."9").contains(previous) || previous == "_" || previous == "$")
    }

    private static func closingBlockComment(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < scalars.count {
            if scalars[index] == "/" && index + 1 < scalars.count && scalars[index + 1] == "*" {
                depth += 1
                index += 2
            } else if scalars[index] == "*" && index + 1 < scalars.count && scalars[index + 1] == "/" {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return scalars.count
    }

    /// The index of the closing `$` of a dollar-quote tag (`$$` or `$tag$`) starting at `start`.
    private static func dollarTagEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        if start > 0, scalars[start - 1].properties.isAlphabetic || ("0"..."9").contains(scalars[start - 1]) || scalars[start - 1] == "_" {
            return nil
        }
        var index = start + 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$" { return index }
            guard scalar.properties.isAlphabetic || scalar == "_" || (index > start + 1 && ("0"..."9").contains(scalar)) else {
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func closingDollarQuote(_ scalars: [Unicode.Scalar], after start: Int, tag: [Unicode.Scalar]) -> Int {
        var index = start
        while index + tag.count <= scalars.count {
            if Array(scalars[index..<(index + tag.count)]) == tag { return index + tag.count }
            index += 1
        }
        return scalars.count
    }

    private static func isOnlyComments(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
    }
}

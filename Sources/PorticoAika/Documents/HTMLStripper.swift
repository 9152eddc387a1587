/// Removes raw HTML from markdown prose, leaving what a reader of the rendered page sees: tags go
/// (their text stays), comments and the bodies of `<script>` and `<style>` go entirely, also when
/// they run over several lines. Code spans are left as they are, as markdown leaves them. Fed one
/// line at a time; each byte is looked at a bounded number of times, so it is linear in the input.
struct HTMLStripper {
    private enum State: Equatable {
        case text
        case comment
        case rawText(closingTag: [UInt8])
    }

    private var state = State.text

    /// A comment or a script or style body opened on an earlier line is still open.
    var isInsideHTML: Bool { state != .text }

    mutating func strip(_ line: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(line.count)
        var codeSpans: CodeSpans?
        var index = line.startIndex
        while index < line.endIndex {
            switch state {
            case .comment:
                guard let close = Self.find(Array("-->".utf8), in: line, from: index) else { return output }
                index = close + 3
                state = .text
            case .rawText(let closingTag):
                guard let close = Self.find(closingTag, in: line, from: index) else { return output }
                index = line[close...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? line.endIndex
                state = .text
            case .text:
                let byte = line[index]
                if byte == UInt8(ascii: "`") {
                    if codeSpans == nil { codeSpans = CodeSpans(line) }
                    let end = codeSpans!.end(ofSpanStartingAt: index)
                    output.append(contentsOf: line[index..<end])
                    index = end
                } else if byte == UInt8(ascii: "<"), line[index...].starts(with: "<!--".utf8) {
                    state = .comment
                    index += 4
                } else if byte == UInt8(ascii: "<"), let tag = Tag(in: line, at: index) {
                    if !tag.isClosing, !tag.closesItself, tag.name == Array("script".utf8) || tag.name == Array("style".utf8) {
                        state = .rawText(closingTag: Array("</".utf8) + tag.name)
                    }
                    // A block element separates words ("one<br>two"); an inline one does not ("H<sub>2</sub>O").
                    if !Tag.inlineNames.contains(tag.name), let last = output.last, last != UInt8(ascii: " "), last != UInt8(ascii: "\t") {
                        output.append(UInt8(ascii: " "))
                    }
                    index = tag.end
                } else {
                    output.append(byte)
                    index += 1
                }
            }
        }
        return output
    }

    /// Where `pattern` (ASCII, matched case-insensitively) next starts in `line`.
    private static func find(_ pattern: [UInt8], in line: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard let first = pattern.first, line.endIndex - start >= pattern.count else { return nil }
        var index = start
        while index <= line.endIndex - pattern.count {
            if Self.lowercased(line[index]) == first,
               zip(line[index..<(index + pattern.count)], pattern).allSatisfy({ Self.lowercased($0) == $1 }) {
                return index
            }
            index += 1
        }
        return nil
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}

/// An HTML tag at a `<`: `<name ...>`, `</name>`, `<!DOCTYPE ...>` or `<?xml ...?>`, closed on the
/// same line. Anything else stays text: an autolink (`<https://...>`), an address (`<a@b.c>`), a
/// comparison (`a < b`), a generic parameter list (`<K, V>`).
private struct Tag {
    /// Elements that sit inside a line of text rather than separating blocks.
    static let inlineNames: Set<[UInt8]> = Set([
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
        "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "u", "var",
    ].map { Array($0.utf8) })

    let name: [UInt8]
    let isClosing: Bool
    let closesItself: Bool
    /// The index just past its `>`.
    let end: Int

    init?(in line: ArraySlice<UInt8>, at start: Int) {
        var index = start + 1
        func at(_ offset: Int) -> UInt8? { offset < line.endIndex ? line[offset] : nil }
        isClosing = at(index) == UInt8(ascii: "/")
        if isClosing || at(index) == UInt8(ascii: "!") || at(index) == UInt8(ascii: "?") { index += 1 }
        guard let first = at(index), Self.isLetter(first) else { return nil }
        let nameStart = index
        while let byte = at(index), Self.isLetter(byte) || Self.isDigit(byte) || byte == UInt8(ascii: "-") { index += 1 }
        name = line[nameStart..<index].map(HTMLStripper.lowercased)
        guard let next = at(index), [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "/"), UInt8(ascii: ">")].contains(next) else {
            return nil
        }
        // Up to its `>`, skipping quoted attribute values; a `<` before it means this was no tag,
        // which also keeps the scan linear (no byte is scanned for two tags).
        var quote: UInt8?
        while let byte = at(index) {
            if byte == UInt8(ascii: "<") { return nil }
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                closesItself = index > start && line[index - 1] == UInt8(ascii: "/")
                end = index + 1
                return
            }
            index += 1
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(HTMLStripper.lowercased(byte))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// The code spans of one line: a run of backticks opens one when a later run of the same length
/// closes it. Matched in one pass from the right and read with a cursor moving left to right, so
/// a line full of unmatched backticks stays linear.
private struct CodeSpans {
    private var runs: [Range<Int>] = []
    /// For each run, the run that closes the span it opens, if any.
    private var closers: [Int?] = []
    private var cursor = 0

    init(_ line: ArraySlice<UInt8>) {
        var index = line.startIndex
        while index < line.endIndex {
            guard line[index] == UInt8(ascii: "`") else {
                index += 1
                continue
            }
            let start = index
            while index < line.endIndex, line[index] == UInt8(ascii: "`") { index += 1 }
            runs.append(start..<index)
        }
        closers = Array(repeating: nil, count: runs.count)
        var nextRunByLength: [Int: Int] = [:]
        for run in runs.indices.reversed() {
            closers[run] = nextRunByLength[runs[run].count]
            nextRunByLength[runs[run].count] = run
        }
    }

    /// Past the span that starts at `start`, or past the backticks alone when nothing closes them.
    /// Calls come with increasing `start`.
    mutating func end(ofSpanStartingAt start: Int) -> Int {
        while cursor < runs.count, runs[cursor].lowerBound < start { cursor += 1 }
        guard cursor < runs.count, runs[cursor].lowerBound == start else { return start + 1 }
        return closers[cursor].map { runs[$0].upperBound } ?? runs[cursor].upperBound
    }
}

/// What the chunker needs from a markdown document: its headings and, between them, its lines,
/// with raw HTML removed from prose. Code (fenced or indented) passes through as it is, so a `#`
/// in it is never a heading. A leading YAML front matter block is skipped.
enum MarkdownBlock: Equatable {
    case heading(level: Int, text: String)
    /// A line of the passage under the last heading, without trailing whitespace; "" when blank.
    case line(String)
}

/// The blocks of a document (UTF-8, line breaks already `\n`), in one pass over its lines.
struct MarkdownBlocks: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private var position = 0
    private var pending: [MarkdownBlock] = []
    private var pendingIndex = 0

    /// Prose lines since the last blank line: a setext underline turns them into a heading.
    private var paragraph: [String] = []
    private var fence: MarkdownLine.Fence?
    private var stripper = HTMLStripper()
    /// Inside a list item or block quote, until the next blank line.
    private var inContainer = false
    /// Indented code cannot interrupt a paragraph: it starts only after a blank line, a heading or code.
    private var indentedCodeMayStart = true

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        position = Self.endOfFrontMatter(in: bytes)
    }

    mutating func next() -> MarkdownBlock? {
        while pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            guard position < bytes.count else {
                flushParagraph()
                if pending.isEmpty { return nil }
                break
            }
            let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            read(MarkdownLine(bytes[position..<end]))
            position = end + 1
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private mutating func read(_ line: MarkdownLine) {
        if !stripper.isInsideHTML {
            if let open = fence {
                if line.closes(open) { fence = nil }
                pending.append(.line(line.text))
                return
            }
            if let opened = line.opensFence {
                flushParagraph()
                fence = opened
                inContainer = false
                indentedCodeMayStart = true
                pending.append(.line(line.text))
                return
            }
            if indentedCodeMayStart, paragraph.isEmpty, !inContainer, !line.isBlank, line.indentation >= 4 {
                pending.append(.line(line.text))
                return
            }
        }
        let stripped = stripper.strip(line.bytes)
        let prose = MarkdownLine(stripped[...])
        if prose.isBlank {
            flushParagraph()
            inContainer = false
            indentedCodeMayStart = true
            pending.append(.line(""))
        } else if let heading = prose.atxHeading {
            flushParagraph()
            inContainer = false
            indentedCodeMayStart = true
            pending.append(.heading(level: heading.level, text: heading.text))
        } else if !inContainer, !paragraph.isEmpty, let level = prose.setextLevel {
            let text = paragraph.map { $0.trimmingLeadingSpaces }.joined(separator: " ")
            paragraph.removeAll()
            indentedCodeMayStart = true
            pending.append(.heading(level: level, text: text))
        } else {
            indentedCodeMayStart = false
            if prose.startsContainer {
                flushParagraph()
                inContainer = true
            }
            if inContainer {
                pending.append(.line(prose.text))
            } else {
                paragraph.append(prose.text)
            }
        }
    }

    private mutating func flushParagraph() {
        pending.append(contentsOf: paragraph.map(MarkdownBlock.line))
        paragraph.removeAll()
    }

    /// Past a `---` ... `---` (or `...`) block at the very top; 0 when there is none.
    private static func endOfFrontMatter(in bytes: [UInt8]) -> Int {
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = MarkdownLine(bytes[start..<end]).text
            if lineNumber == 0, line != "---" { return 0 }
            if lineNumber > 0, line == "---" || line == "..." { return end + 1 }
            lineNumber += 1
            start = end + 1
        }
        return 0
    }
}

private extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " || $0 == "\t" }) }
}

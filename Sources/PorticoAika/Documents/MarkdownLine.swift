/// One line of markdown (UTF-8, without its line break) and what CommonMark's block rules make of
/// it on its own. Only ASCII markers are looked at, so the bytes of other characters never match.
struct MarkdownLine {
    /// An opening code fence: ``` or ~~~ (or longer); it is closed by the same character, at least as many.
    struct Fence {
        let marker: UInt8
        let length: Int
    }

    let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        var end = bytes.endIndex
        while end > bytes.startIndex, Self.isSpace(bytes[end - 1]) { end -= 1 }
        self.bytes = bytes[..<end]
    }

    var isBlank: Bool { bytes.allSatisfy(Self.isSpace) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Columns of leading whitespace, a tab counting as four.
    var indentation: Int {
        var columns = 0
        for byte in bytes {
            guard Self.isSpace(byte) else { break }
            columns += byte == UInt8(ascii: "\t") ? 4 : 1
        }
        return columns
    }

    /// `## Title ##`: the level and the title without its markers.
    var atxHeading: (level: Int, text: String)? {
        guard let start = contentStart else { return nil }
        let markers = bytes[start...].prefix { $0 == UInt8(ascii: "#") }.count
        guard (1...6).contains(markers) else { return nil }
        let afterMarkers = start + markers
        guard afterMarkers == bytes.endIndex || Self.isSpace(bytes[afterMarkers]) else { return nil }
        var content = bytes[afterMarkers...]
        let closing = content.reversed().prefix { $0 == UInt8(ascii: "#") }.count
        let beforeClosing = content.dropLast(closing)
        if beforeClosing.isEmpty || beforeClosing.last.map(Self.isSpace) == true { content = beforeClosing }
        return (markers, Self.trimmed(content))
    }

    /// `===` (level 1) or `---` (level 2) under a paragraph.
    var setextLevel: Int? {
        guard let start = contentStart, let marker = bytes.last, marker == UInt8(ascii: "=") || marker == UInt8(ascii: "-"),
              bytes[start...].allSatisfy({ $0 == marker }) else { return nil }
        return marker == UInt8(ascii: "=") ? 1 : 2
    }

    var opensFence: Fence? {
        guard let start = contentStart else { return nil }
        let marker = bytes[start]
        guard marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~") else { return nil }
        let length = bytes[start...].prefix { $0 == marker }.count
        guard length >= 3 else { return nil }
        // A backtick fence's info string cannot hold a backtick: "```a```" is inline code.
        if marker == UInt8(ascii: "`"), bytes[(start + length)...].contains(marker) { return nil }
        return Fence(marker: marker, length: length)
    }

    func closes(_ fence: Fence) -> Bool {
        guard let start = contentStart else { return false }
        let length = bytes[start...].prefix { $0 == fence.marker }.count
        return length >= fence.length && bytes[(start + length)...].allSatisfy(Self.isSpace)
    }

    /// A list item or a block quote: lines under it are not a paragraph a setext underline could turn into a heading.
    var startsContainer: Bool {
        guard let start = contentStart else { return false }
        let first = bytes[start]
        let next = start + 1 < bytes.endIndex ? bytes[start + 1] : UInt8(ascii: " ")
        if first == UInt8(ascii: ">") { return true }
        if [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")].contains(first) { return Self.isSpace(next) }
        let digits = bytes[start...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
        guard (1...9).contains(digits), start + digits < bytes.endIndex else { return false }
        let delimiter = bytes[start + digits]
        let afterDelimiter = start + digits + 1
        return (delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")"))
            && (afterDelimiter == bytes.endIndex || Self.isSpace(bytes[afterDelimiter]))
    }

    /// Where the content starts, when the line has some and is indented by at most three spaces
    /// (more makes it code or a continuation, never a heading or a fence).
    private var contentStart: Int? {
        guard let start = bytes.firstIndex(where: { !Self.isSpace($0) }), indentation < 4 else { return nil }
        return start
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}

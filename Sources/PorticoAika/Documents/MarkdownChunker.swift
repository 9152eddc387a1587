/// Splits a markdown document into passages by its headings, each passage keeping the path of
/// headings above it, for the index to search and for answers to cite.
///
/// - The path starts with the page's title: its first line when that is a level-1 heading (which
///   then is not a section of its own), else the title the caller gives. Text before the first
///   other heading sits under the title alone.
/// - Sizes are counted in Unicode scalars. A section longer than `maximumCharacters` becomes
///   several passages with the same path (see `Passages` for where it is cut and how they overlap).
/// - A short section is kept as a passage of its own rather than merged into a neighbour: its
///   heading is what an answer cites, and the index searches the path with the text, so a
///   one-line section is still found. A section with no text makes no passage (its heading still
///   appears in the paths of its subsections).
/// - What a reader of the rendered page would not see goes: raw HTML tags (their text stays),
///   HTML comments, `<script>` and `<style>` bodies, control characters, front matter; runs of
///   blank lines become one. Code blocks and code spans stay as written.
/// - Linear in the input. A document that would make more than `maximumChunks` passages is
///   refused whole with `DocumentTooLarge`, as soon as the count is passed.
public struct MarkdownChunker: Sendable {
    public var maximumCharacters: Int
    public var overlapCharacters: Int
    public var maximumChunks: Int

    public init(maximumCharacters: Int = 1_600, overlapCharacters: Int = 200, maximumChunks: Int = 2_000) {
        self.maximumCharacters = maximumCharacters
        self.overlapCharacters = overlapCharacters
        self.maximumChunks = maximumChunks
    }

    public func chunks(title: String, markdown: String) throws(DocumentTooLarge) -> [DocumentChunk] {
        var chunks: [DocumentChunk] = []
        var pageTitle = title
        var titleIsSettled = false
        var headings: [(level: Int, text: String)] = []
        var lines: [String] = []

        func closeSection() throws(DocumentTooLarge) {
            defer { lines.removeAll(keepingCapacity: true) }
            let path = [pageTitle] + headings.map(\.text)
            for text in Passages(Self.sectionText(lines), maximum: maximumCharacters, overlap: overlapCharacters) {
                guard chunks.count < maximumChunks else { throw DocumentTooLarge(maximumChunks: maximumChunks) }
                chunks.append(DocumentChunk(ordinal: chunks.count, headingPath: path, text: text))
            }
        }

        for block in MarkdownBlocks(ControlCharacters.removed(from: markdown)) {
            switch block {
            case .line(let line):
                if !titleIsSettled, !line.isEmpty { titleIsSettled = true }
                lines.append(line)
            case .heading(_, let text) where text.isEmpty:
                continue
            case .heading(let level, let text):
                if !titleIsSettled, level == 1 {
                    titleIsSettled = true
                    pageTitle = text
                    continue
                }
                titleIsSettled = true
                try closeSection()
                headings.removeAll { $0.level >= level }
                headings.append((level, text))
            }
        }
        try closeSection()
        return chunks
    }

    /// The section's lines as one text, without leading or trailing blank lines and with runs of
    /// blank lines made one.
    private static func sectionText(_ lines: [String]) -> String {
        var text = ""
        var blankPending = false
        for line in lines {
            if line.isEmpty {
                blankPending = !text.isEmpty
                continue
            }
            if !text.isEmpty { text += blankPending ? "\n\n" : "\n" }
            blankPending = false
            text += line
        }
        return text
    }
}

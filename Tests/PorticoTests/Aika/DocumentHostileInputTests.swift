import Foundation
import Testing
@testable import PorticoAika

/// What a hostile or careless document cannot do to the chunker: smuggle markup or control
/// characters into passages, hide headings in comments, or make it work for long.
@Suite struct DocumentHostileInputTests {
    let chunker = MarkdownChunker()

    @Test func rawHTMLGoesAndItsTextStays() throws {
        let markdown = """
            # Page <img src="x" onerror="alert(1)">

            <div class="note">Kept <b>bold</b> text</div><script>steal(document.cookie)</script>
            one<br>two, H<sub>2</sub>O, <a href="https://example.com">a link</a>
            <style>
            # not a heading inside a style body
            body { display: none }
            </style>
            <!-- # a heading commented out
            ## and another -->
            After. <!-- inline comment --> Done.
            <SCRIPT type="text/javascript">
            alert("shouting")
            </SCRIPT>
            """
        let chunks = try chunker.chunks(title: "t", markdown: markdown)
        #expect(chunks.map(\.headingPath) == [["Page"]])
        let text = try #require(chunks.first?.text)
        #expect(text == "Kept bold text\none two, H2O, a link\n\nAfter.  Done.")
    }

    @Test func whatMarkdownShowsLiterallyIsKept() throws {
        let markdown = """
            # Types

            Use `Array<Int>` and ``Map<K, V>``; see <https://example.com/docs> or write to <team@example.com>.
            When a < b and c > d, nothing is a tag. Generic <K, V> stays.

            ```html
            <script>kept as code</script>
            ```
            """
        let text = try #require(try chunker.chunks(title: "t", markdown: markdown).first?.text)
        #expect(text.contains("`Array<Int>`"))
        #expect(text.contains("``Map<K, V>``"))
        #expect(text.contains("<https://example.com/docs>"))
        #expect(text.contains("<team@example.com>"))
        #expect(text.contains("When a < b and c > d"))
        #expect(text.contains("Generic <K, V> stays."))
        #expect(text.contains("<script>kept as code</script>"))
    }

    @Test func controlCharactersGoAndLineBreaksAreNormalized() throws {
        let markdown = "\u{FEFF}# Title\r\n\r\nLine\u{0}one\u{1B}[31m red\u{7F}\r\nline\ttwo\rline three\u{85}\n\n\n\n\n\nAfter blanks."
        let chunks = try chunker.chunks(title: "t", markdown: markdown)
        #expect(chunks.map(\.headingPath) == [["Title"]])
        #expect(chunks.first?.text == "Lineone[31m red\nline\ttwo\nline three\n\nAfter blanks.")
    }

    @Test func anUnclosedCommentHidesTheRestAsABrowserWould() throws {
        let chunks = try chunker.chunks(title: "t", markdown: "# T\n\nVisible.\n<!-- never closed\n## Hidden\nhidden text")
        #expect(chunks.map(\.text) == ["Visible."])
    }

    @Test func aFiveMegabyteLineIsQuick() throws {
        let words = String(repeating: "lorem ipsum dolor sit amet ", count: 5_000_000 / 27)
        let started = ContinuousClock.now
        let chunks = try MarkdownChunker(maximumChunks: 10_000).chunks(title: "t", markdown: "# Big\n" + words)
        #expect(chunks.count > 3_000)
        #expect(chunks.allSatisfy { $0.text.count <= 1_600 })
        #expect(ContinuousClock.now - started < .seconds(20), "linear, even in a debug build")
    }

    @Test func aFiveMegabyteLineOfMarkupAndBackticksIsQuickAndRefusedWhole() throws {
        let hostile = String(repeating: "<a <b `x `` <!-", count: 5_000_000 / 15)
        let started = ContinuousClock.now
        #expect(throws: DocumentTooLarge(maximumChunks: 2_000)) {
            try chunker.chunks(title: "t", markdown: hostile)
        }
        #expect(ContinuousClock.now - started < .seconds(20), "linear, even in a debug build")
    }
}

import Foundation
import Testing
@testable import PorticoAika

/// Markdown cut into passages by headings: the path of headings each passage sits under, what
/// counts as a heading, and passages bounded in size.
@Suite struct DocumentChunkerTests {
    let chunker = MarkdownChunker()

    func paths(_ chunks: [DocumentChunk]) -> [[String]] { chunks.map(\.headingPath) }

    @Test func passagesKeepThePathOfHeadingsAboveThem() throws {
        let markdown = """
            # Payments guide

            How payments flow.

            ## Install

            Run the installer.

            ### On Linux ###

            Use the package.

            #### Debian

            apt-get install payments

            ## Use

            Call the API.
            """
        let chunks = try chunker.chunks(title: "payments", markdown: markdown)
        #expect(paths(chunks) == [
            ["Payments guide"],
            ["Payments guide", "Install"],
            ["Payments guide", "Install", "On Linux"],
            ["Payments guide", "Install", "On Linux", "Debian"],
            ["Payments guide", "Use"],
        ])
        #expect(chunks.map(\.text) == ["How payments flow.", "Run the installer.", "Use the package.", "apt-get install payments", "Call the API."])
        #expect(chunks.map(\.ordinal) == Array(0..<5))
    }

    @Test func withoutALeadingTitleHeadingTheGivenTitleHeadsThePath() throws {
        let markdown = """
            Some words before any heading.

            # First part

            Part one.

            ## Detail

            Detail text.
            """
        let chunks = try chunker.chunks(title: "Runbook", markdown: markdown)
        #expect(paths(chunks) == [["Runbook"], ["Runbook", "First part"], ["Runbook", "First part", "Detail"]])
        #expect(chunks[0].text == "Some words before any heading.")
    }

    @Test func setextHeadingsCountLikeHashHeadings() throws {
        let markdown = """
            Service overview
            ================

            It serves.

            Running it
            locally
            ----------

            Start it.
            """
        let chunks = try chunker.chunks(title: "x", markdown: markdown)
        #expect(paths(chunks) == [["Service overview"], ["Service overview", "Running it locally"]])
        #expect(chunks.map(\.text) == ["It serves.", "Start it."])
    }

    @Test func hashesInCodeAreNotHeadings() throws {
        let markdown = """
            # Scripts

            ```bash
            # not a heading
            echo hi
            ```

            ~~~~
            ## nor this
            ~~~~

            Indented:

                # nor this one

            ####### seven hashes are text
            #hashtag is text
            """
        let chunks = try chunker.chunks(title: "x", markdown: markdown)
        #expect(paths(chunks) == [["Scripts"]])
        let text = try #require(chunks.first?.text)
        #expect(text.contains("```bash\n# not a heading\necho hi\n```"))
        #expect(text.contains("~~~~\n## nor this\n~~~~"))
        #expect(text.contains("    # nor this one"))
        #expect(text.contains("####### seven hashes are text\n#hashtag is text"))
    }

    @Test func sectionsWithoutTextMakeNoPassageButNameTheirSubsections() throws {
        let markdown = """
            # Title
            ## Empty
            ## Parent
            ### Child
            Child text.
            ## Also empty
            #
            """
        let chunks = try chunker.chunks(title: "x", markdown: markdown)
        #expect(paths(chunks) == [["Title", "Parent", "Child"]])
        #expect(chunks.map(\.ordinal) == [0])
    }

    @Test func shortSectionsStayPassagesOfTheirOwn() throws {
        let chunks = try chunker.chunks(title: "x", markdown: "# T\n## A\nOne.\n## B\nTwo.\n")
        #expect(chunks.map(\.text) == ["One.", "Two."])
    }

    @Test func frontMatterIsNotContent() throws {
        let chunks = try chunker.chunks(title: "x", markdown: "---\ntitle: Hidden\ntags: [a]\n---\n# Real title\n\nBody.\n")
        #expect(paths(chunks) == [["Real title"]])
        #expect(chunks.map(\.text) == ["Body."])
    }

    @Test func longSectionsAreCutAtParagraphsWithOverlap() throws {
        let paragraphs = (0..<12).map { index in
            (0..<6).map { "Paragraph \(index) sentence \($0) says something useful." }.joined(separator: " ")
        }
        let chunks = try chunker.chunks(title: "Long", markdown: "# Long\n\n" + paragraphs.joined(separator: "\n\n"))
        #expect(chunks.count > 1)
        for chunk in chunks {
            #expect(chunk.headingPath == ["Long"])
            #expect(chunk.text.unicodeScalars.count <= 1_600)
        }
        for paragraph in paragraphs {
            #expect(chunks.contains { $0.text.contains(paragraph) }, "every paragraph is whole in some passage")
        }
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            #expect(previous.text.hasSuffix("."), "cut after a paragraph: \(previous.text.suffix(40))")
            let overlap = String(next.text.prefix(40))
            #expect(previous.text.contains(overlap), "the next passage starts with the end of the previous one")
            #expect(next.text.hasPrefix("Paragraph"), "the overlap starts at a sentence")
        }
    }

    @Test func textWithoutParagraphsIsCutAtSentencesThenSpacesThenAnywhere() throws {
        let sentences = String(repeating: "A sentence of some words. ", count: 200)
        let bySentence = try MarkdownChunker(maximumCharacters: 300, overlapCharacters: 50).chunks(title: "t", markdown: sentences)
        #expect(bySentence.allSatisfy { $0.text.hasSuffix(".") && $0.text.hasPrefix("A sentence") && $0.text.count <= 300 })

        let words = String(repeating: "word ", count: 1_000)
        let byWord = try MarkdownChunker(maximumCharacters: 300, overlapCharacters: 50).chunks(title: "t", markdown: words)
        #expect(byWord.allSatisfy { $0.text.hasSuffix("word") && $0.text.hasPrefix("word") && $0.text.count <= 300 })

        let solid = String(repeating: "x", count: 1_000)
        let hard = try MarkdownChunker(maximumCharacters: 300, overlapCharacters: 50).chunks(title: "t", markdown: solid)
        #expect(hard.map(\.text.count) == [300, 300, 300, 250])
    }

    @Test func aDocumentWithTooManyPassagesIsRefusedNotCut() throws {
        let markdown = (0..<50).map { "## Section \($0)\n\nText \($0)." }.joined(separator: "\n\n")
        #expect(throws: DocumentTooLarge(maximumChunks: 10)) {
            try MarkdownChunker(maximumChunks: 10).chunks(title: "t", markdown: markdown)
        }
        #expect(try MarkdownChunker(maximumChunks: 50).chunks(title: "t", markdown: markdown).count == 50)
    }
}

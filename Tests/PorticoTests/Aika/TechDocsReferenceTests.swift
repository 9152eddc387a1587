import Foundation
import Testing
@testable import PorticoAika

/// `backstage.io/techdocs-ref` values turned into what to fetch.
@Suite struct TechDocsReferenceTests {
    func reference(_ value: String) throws -> TechDocsReference { try TechDocsReference(annotationValue: value) }

    func url(_ text: String) -> URL { URL(string: text)! }

    @Test func markdownFilesAndMkDocsFilesAreReadAsTheyAre() throws {
        #expect(try reference("url:https://docs.example.com/a/guide.md") == .markdownPage(url("https://docs.example.com/a/guide.md")))
        #expect(try reference(" url:https://docs.example.com/a/README.markdown ") == .markdownPage(url("https://docs.example.com/a/README.markdown")))
        #expect(try reference("url:https://docs.example.com/a/mkdocs.yaml") == .mkdocsConfiguration(url("https://docs.example.com/a/mkdocs.yaml")))
    }

    @Test func directoriesAreReadThroughTheirMkDocsFile() throws {
        #expect(try reference("url:https://docs.example.com/a/") == .mkdocsConfiguration(url("https://docs.example.com/a/mkdocs.yml")))
        #expect(try reference("url:https://docs.example.com/a") == .mkdocsConfiguration(url("https://docs.example.com/a/mkdocs.yml")))
        #expect(try reference("url:https://docs.example.com") == .mkdocsConfiguration(url("https://docs.example.com/mkdocs.yml")))
    }

    @Test func forgeWebLinksAreReadThroughRawFiles() throws {
        #expect(try reference("url:https://github.com/acme/pay/blob/main/docs/index.md")
            == .markdownPage(url("https://raw.githubusercontent.com/acme/pay/main/docs/index.md")))
        #expect(try reference("url:https://github.com/acme/pay/tree/release/2.x")
            == .mkdocsConfiguration(url("https://raw.githubusercontent.com/acme/pay/release/2.x/mkdocs.yml")))
        #expect(try reference("url:https://github.com/acme/pay")
            == .mkdocsConfiguration(url("https://raw.githubusercontent.com/acme/pay/HEAD/mkdocs.yml")))
        #expect(try reference("url:https://gitlab.com/acme/pay/-/blob/main/mkdocs.yml")
            == .mkdocsConfiguration(url("https://gitlab.com/acme/pay/-/raw/main/mkdocs.yml")))
        #expect(try reference("url:https://git.acme.dev/group/pay/-/tree/main/")
            == .mkdocsConfiguration(url("https://git.acme.dev/group/pay/-/raw/main/mkdocs.yml")))
    }

    @Test func otherReferencesAreUnsupportedWithAReason() throws {
        for value in ["dir:.", "dir:./docs", "github:acme/pay", "https://docs.example.com/a.md", "url:ftp://example.com/a.md",
                      "url:file:///etc/passwd", "url:not a url", "url:https://docs.example.com/a/page.html"] {
            let problem = #expect(throws: DocumentFetchProblem.self, "\(value)") { try reference(value) }
            #expect(problem?.code == .unsupportedReference)
            #expect(problem?.message.hasPrefix("techdocs-ref: ") == true)
        }
        let dir = #expect(throws: DocumentFetchProblem.self) { try reference("dir:.") }
        #expect(dir?.message.contains("url:") == true)
    }
}

import Testing
@testable import PorticoAika

/// An `mkdocs.yml` read into the pages it lists, with paths that cannot leave `docs_dir`.
@Suite struct MkDocsNavigationTests {
    @Test func nestedNavIsReadInOrder() throws {
        let yaml = """
            site_name: Payments
            docs_dir: ./site-docs/
            theme:
              name: material
            markdown_extensions:
              - pymdownx.emoji:
                  emoji_index: !!python/name:material.extensions.emoji.twemoji
            nav:
              - Home: index.md
              - Guides:
                  - Install: guides/install.md
                  - guides/./linux.md
                  - Deep:
                      - Internals: guides/deep/internals.markdown
              - Source: https://github.com/acme/payments
              - Again: index.md
              - Diagram: images/flow.png
              - about.md
            """
        let navigation = try MkDocsNavigation(yaml: yaml)
        #expect(navigation.siteName == "Payments")
        #expect(navigation.docsDirectory == "site-docs")
        #expect(navigation.listsPages)
        #expect(navigation.pages == [
            .init(title: "Home", path: "index.md"),
            .init(title: "Install", path: "guides/install.md"),
            .init(title: nil, path: "guides/linux.md"),
            .init(title: "Internals", path: "guides/deep/internals.markdown"),
            .init(title: nil, path: "about.md"),
        ])
    }

    @Test func withoutNavOnlyTheIndexIsAssumed() throws {
        let navigation = try MkDocsNavigation(yaml: "site_name: Bare\n")
        #expect(navigation.docsDirectory == "docs")
        #expect(navigation.pages == [.init(title: nil, path: "index.md")])
        #expect(!navigation.listsPages)
        #expect(try MkDocsNavigation(yaml: "nav:\n").pages == [.init(title: nil, path: "index.md")], "an empty nav is no nav")
    }

    @Test func pathsThatCouldLeaveDocsDirAreRefused() {
        for target in ["../secrets.md", "guides/../../up.md", "/etc/passwd.md", "file:///etc/x.md", "javascript:alert(1).md",
                       "C:/x.md", "..\\\\windows.md"] {
            #expect(throws: MkDocsProblem.self, "\(target)") {
                try MkDocsNavigation(yaml: "nav:\n  - Bad: '\(target)'\n")
            }
        }
        for directory in ["..", "../elsewhere", "/srv/docs", "https://example.com/docs"] {
            #expect(throws: MkDocsProblem.self, "\(directory)") {
                try MkDocsNavigation(yaml: "docs_dir: '\(directory)'\nnav:\n  - index.md\n")
            }
        }
    }

    @Test func pageCountAndAliasExpansionAreBounded() throws {
        let many = "nav:\n" + (0..<6).map { "  - p\($0).md\n" }.joined()
        #expect(try MkDocsNavigation(yaml: many, maximumPages: 6).pages.count == 6)
        #expect(throws: MkDocsProblem(.tooManyPages, "nav lists more than 5 pages")) {
            try MkDocsNavigation(yaml: many, maximumPages: 5)
        }
        // Each level lists the one before ten times: 10^6 entries if it were expanded.
        var laughs = "a0: &a0 ['https://example.com']\n"
        for level in 1...6 {
            laughs += "a\(level): &a\(level) [" + Array(repeating: "{s: *a\(level - 1)}", count: 10).joined(separator: ", ") + "]\n"
        }
        laughs += "nav: *a6\n"
        let started = ContinuousClock.now
        #expect(throws: MkDocsProblem(.tooManyPages, "nav has more than 10000 entries")) {
            try MkDocsNavigation(yaml: laughs)
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func malformedFilesAreInvalid() {
        for yaml in ["nav: [unclosed", "- just\n- a list\n", "nav: index.md\n", "nav:\n  - [nested, list]\n"] {
            #expect(throws: MkDocsProblem.self, "\(yaml)") { try MkDocsNavigation(yaml: yaml) }
        }
    }
}

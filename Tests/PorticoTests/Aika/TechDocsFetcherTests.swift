import Foundation
import Logging
import PorticoCore
import PorticoOutbound
import Testing
@testable import PorticoAika

/// The fetcher against real servers on loopback, through the guarded client.
@Suite struct TechDocsFetcherTests {
    static let site = [
        "/site/mkdocs.yml": """
            site_name: Payments
            nav:
              - Home: index.md
              - Guides:
                  - Install: guides/install.md
                  - guides/linux.md
                  - guides/plain.md
              - Source: https://github.com/acme/payments
            """,
        "/site/docs/index.md": "# Welcome\n\nPayments docs.",
        "/site/docs/guides/install.md": "# Installing\n\nRun it.",
        "/site/docs/guides/linux.md": "Intro line.\n\n# On Linux\n\nUse apt.",
        "/site/docs/guides/plain.md": "No heading here.",
        "/partial/mkdocs.yml": "nav:\n  - index.md\n  - Gone: missing.md\n  - Huge: huge.md\n",
        "/partial/docs/index.md": "# Partial",
        "/partial/docs/huge.md": String(repeating: "a", count: 2 << 20),
        "/invalid/mkdocs.yml": "nav:\n  - Escape: ../../secrets.md\n",
        "/guide.md": "<!-- generated -->\n# Guide\n\nHello.",
        "/bare/mkdocs.yml": "site_name: Bare\n",
        "/bare/docs/index.md": "Just an index.",
    ]

    func fetcher(
        _ limits: TechDocsFetcher.Limits = TechDocsFetcher.Limits(), resolver: any HostResolver = SystemHostResolver()
    ) -> TechDocsFetcher {
        let client = GuardedHTTPClient(policy: OutboundPolicy(allowLoopback: true), resolver: resolver, logger: Logger(label: "portico.tests.techdocs"))
        return TechDocsFetcher(outbound: client, limits: limits)
    }

    func problem(fetching reference: String, with fetcher: TechDocsFetcher) async -> DocumentFetchProblem? {
        do {
            _ = try await fetcher.fetch(reference: reference)
            return nil
        } catch {
            return error
        }
    }

    @Test func aMarkdownFileIsOnePage() async throws {
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: Self.site)) { port in
            let result = try await fetcher().fetch(reference: "url:http://127.0.0.1:\(port)/guide.md")
            #expect(result.source == .markdownPage)
            #expect(result.isComplete)
            #expect(result.pages == [FetchedPage(
                url: URL(string: "http://127.0.0.1:\(port)/guide.md")!, title: "Guide", markdown: "<!-- generated -->\n# Guide\n\nHello.")])
        }
    }

    @Test func anMkDocsSiteIsItsNavPagesInOrder() async throws {
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: Self.site)) { port in
            let result = try await fetcher().fetch(reference: "url:http://127.0.0.1:\(port)/site/")
            #expect(result.source == .mkdocsNavigation)
            #expect(result.siteName == "Payments")
            #expect(result.isComplete)
            #expect(result.pages.map(\.url.absoluteString) == ["index.md", "guides/install.md", "guides/linux.md", "guides/plain.md"].map {
                "http://127.0.0.1:\(port)/site/docs/\($0)"
            })
            #expect(result.pages.map(\.title) == ["Home", "Install", "On Linux", "plain"], "nav title, else first # heading, else file name")
            #expect(result.pages.last?.markdown == "No heading here.")
        }
    }

    @Test func withoutNavOnlyTheIndexIsFetchedAndTheResultSaysSo() async throws {
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: Self.site)) { port in
            let result = try await fetcher().fetch(reference: "url:http://127.0.0.1:\(port)/bare/mkdocs.yml")
            #expect(result.source == .mkdocsIndexOnly)
            #expect(result.pages.map(\.title) == ["index"])
        }
    }

    @Test func pagesThatFailAreListedAndTheResultIsIncomplete() async throws {
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: Self.site)) { port in
            let result = try await fetcher().fetch(reference: "url:http://127.0.0.1:\(port)/partial/mkdocs.yml")
            #expect(!result.isComplete)
            #expect(result.pages.map(\.title) == ["Partial"])
            #expect(result.failures.map(\.code) == [.notFound, .tooLarge])
            #expect(result.failures.first?.status == 404)
            #expect(result.failures.first?.message.contains("http://127.0.0.1:\(port)/partial/docs/missing.md") == true)
        }
    }

    @Test func sizeIsBoundedPerPageAndInTotal() async throws {
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: Self.site)) { port in
            let page = await problem(fetching: "url:http://127.0.0.1:\(port)/oversized.md", with: fetcher())
            #expect(page?.code == .tooLarge)
            #expect(page?.message.contains("/oversized.md") == true)

            var small = TechDocsFetcher.Limits()
            small.maximumTotalBytes = 40
            let total = await problem(fetching: "url:http://127.0.0.1:\(port)/site/", with: fetcher(small))
            #expect(total?.code == .tooLarge)

            small.maximumPages = 3
            small.maximumTotalBytes = 10 << 20
            let pages = await problem(fetching: "url:http://127.0.0.1:\(port)/site/", with: fetcher(small))
            #expect(pages?.code == .tooLarge)
            #expect(pages?.message.contains("more than 3 pages") == true)
        }
    }

    @Test func aRedirectToAForbiddenAddressIsRefused() async throws {
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: Self.site)) { port in
            let resolver = ScriptedResolver(["docs.test": [["127.0.0.1"]], "metadata.test": [["169.254.169.254"]]])
            let refused = await problem(fetching: "url:http://docs.test:\(port)/moved.md", with: fetcher(resolver: resolver))
            #expect(refused?.code == .forbiddenAddress)
            #expect(refused?.message.contains("169.254") == false)
            #expect(refused?.url?.absoluteString == "http://docs.test:\(port)/moved.md")
        }
    }

    @Test func badAnswersAreProblemsWithTheirCause() async throws {
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: Self.site)) { port in
            let base = "url:http://127.0.0.1:\(port)"
            let missing = await problem(fetching: "\(base)/nowhere/", with: fetcher())
            #expect(missing?.code == .notFound)
            #expect(missing?.message.contains("/nowhere/mkdocs.yml") == true)
            let broken = await problem(fetching: "\(base)/broken.md", with: fetcher())
            #expect(broken?.code == .httpError)
            #expect(broken?.status == 500)
            #expect(await problem(fetching: "\(base)/latin1.md", with: fetcher())?.code == .invalidContent)
            #expect(await problem(fetching: "\(base)/invalid/mkdocs.yml", with: fetcher())?.code == .invalidMkDocs)
            #expect(await problem(fetching: "dir:.", with: fetcher())?.code == .unsupportedReference)
            #expect(await problem(fetching: "url:http://127.0.0.1:1/none.md", with: fetcher())?.code == .unreachable)
        }
    }

    @Test func pagesAreFetchedAFewAtATime() async throws {
        let pages = (0..<8).map { "p\($0).md" }
        var files = ["/many/mkdocs.yml": "nav:\n" + pages.map { "  - \($0)\n" }.joined()]
        for page in pages { files["/many/docs/\(page)"] = "# \(page)" }
        let gauge = TechDocsTestSite.Gauge()
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: files, gauge: gauge, delay: .milliseconds(100))) { port in
            var limits = TechDocsFetcher.Limits()
            limits.concurrentRequests = 2
            let result = try await fetcher(limits).fetch(reference: "url:http://127.0.0.1:\(port)/many/")
            #expect(result.pages.map(\.title) == pages.map { $0 })
            #expect(gauge.maximum == 2)
        }
    }

    @Test func theWholeFetchHasATimeBudget() async throws {
        try await OutboundTestServer.with(router: TechDocsTestSite.router(files: Self.site)) { port in
            var limits = TechDocsFetcher.Limits()
            limits.overallDeadline = .seconds(1)
            let started = ContinuousClock.now
            let late = await problem(fetching: "url:http://127.0.0.1:\(port)/slow.md", with: fetcher(limits))
            #expect(late?.code == .unreachable)
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }
}

import Foundation
import PorticoCore

/// Fetches the markdown pages of an entity's documentation (its `backstage.io/techdocs-ref`)
/// through the guarded outbound client, within bounds on every page, the number of pages, their
/// total size and the time the whole fetch may take.
///
/// A reference that cannot be followed, or an `mkdocs.yml` that cannot be fetched or read, is a
/// `DocumentFetchProblem`. Pages that fail are listed in the result next to the ones fetched,
/// which then is not complete. Pages past the total size make the whole fetch `too_large`.
public struct TechDocsFetcher: Sendable {
    public struct Limits: Sendable {
        public var maximumPageBytes = 1 << 20
        public var maximumPages = 200
        public var maximumTotalBytes = 10 << 20
        /// For each request, redirects and body included.
        public var requestDeadline: Duration = .seconds(15)
        /// For the whole fetch: requests that would start later fail as unreachable.
        public var overallDeadline: Duration = .seconds(120)
        public var concurrentRequests = 4
        public var maximumRedirects = 5

        public init() {}
    }

    let outbound: any OutboundHTTP
    let limits: Limits

    public init(outbound: any OutboundHTTP, limits: Limits = Limits()) {
        self.outbound = outbound
        self.limits = limits
    }

    public func fetch(reference: String) async throws(DocumentFetchProblem) -> TechDocsFetchResult {
        let budget = ContinuousClock.now + limits.overallDeadline
        switch try TechDocsReference(annotationValue: reference) {
        case .markdownPage(let url):
            let markdown = try await fetchText(url, within: budget)
            let page = FetchedPage(url: url, title: Self.title(given: nil, markdown: markdown, url: url), markdown: markdown)
            return TechDocsFetchResult(source: .markdownPage, siteName: nil, pages: [page], failures: [])
        case .mkdocsConfiguration(let url):
            let yaml = try await fetchText(url, within: budget)
            let navigation: MkDocsNavigation
            do {
                navigation = try MkDocsNavigation(yaml: yaml, maximumPages: limits.maximumPages)
            } catch {
                throw DocumentFetchProblem(error.kind == .tooManyPages ? .tooLarge : .invalidMkDocs, url: url, "\(url.absoluteString): \(error)")
            }
            let (pages, failures) = try await fetchPages(of: navigation, from: url, within: budget)
            return TechDocsFetchResult(
                source: navigation.listsPages ? .mkdocsNavigation : .mkdocsIndexOnly, siteName: navigation.siteName,
                pages: pages, failures: failures)
        }
    }

    /// The nav's pages, a few at a time, in nav order; failed ones as problems.
    private func fetchPages(
        of navigation: MkDocsNavigation, from configuration: URL, within budget: ContinuousClock.Instant
    ) async throws(DocumentFetchProblem) -> ([FetchedPage], [DocumentFetchProblem]) {
        let planned = try navigation.pages.map { page throws(DocumentFetchProblem) in
            (title: page.title, url: try Self.url(of: page, in: navigation, relativeTo: configuration))
        }
        var outcomes = [Result<String, DocumentFetchProblem>?](repeating: nil, count: planned.count)
        var totalBytes = 0
        await withTaskGroup(of: (Int, Result<String, DocumentFetchProblem>).self) { group in
            var next = 0
            func startNext() {
                guard next < planned.count else { return }
                let index = next
                next += 1
                group.addTask {
                    do throws(DocumentFetchProblem) {
                        return (index, .success(try await fetchText(planned[index].url, within: budget)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<max(limits.concurrentRequests, 1) { startNext() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if case .success(let text) = outcome { totalBytes += text.utf8.count }
                if totalBytes > limits.maximumTotalBytes {
                    group.cancelAll()
                    return
                }
                startNext()
            }
        }
        guard totalBytes <= limits.maximumTotalBytes else {
            throw DocumentFetchProblem(
                .tooLarge, url: configuration,
                "the pages \(configuration.absoluteString) lists are larger than \(limits.maximumTotalBytes) bytes together")
        }
        var pages: [FetchedPage] = []
        var failures: [DocumentFetchProblem] = []
        for (page, outcome) in zip(planned, outcomes) {
            switch outcome {
            case .success(let markdown):
                pages.append(FetchedPage(url: page.url, title: Self.title(given: page.title, markdown: markdown, url: page.url), markdown: markdown))
            case .failure(let problem):
                failures.append(problem)
            case nil:
                failures.append(DocumentFetchProblem(.unreachable, url: page.url, "\(page.url.absoluteString) was not fetched"))
            }
        }
        return (pages, failures)
    }

    /// One document's text: a 2xx answer, within the page size, in UTF-8.
    private func fetchText(_ url: URL, within budget: ContinuousClock.Instant) async throws(DocumentFetchProblem) -> String {
        let remaining = ContinuousClock.now.duration(to: budget)
        guard remaining > .zero else {
            throw DocumentFetchProblem(.unreachable, url: url, "\(url.absoluteString) was not fetched: the documentation took longer than \(limits.overallDeadline) to fetch")
        }
        let request = OutboundRequest(
            url: url, headers: [("Accept", "text/markdown, text/plain, application/yaml, */*"), ("User-Agent", "Portico-AiKA/1")],
            deadline: min(limits.requestDeadline, remaining), maximumResponseBytes: min(limits.maximumPageBytes, limits.maximumTotalBytes),
            maximumRedirects: limits.maximumRedirects)
        let response: OutboundResponse
        do {
            response = try await outbound.send(request)
        } catch {
            throw DocumentFetchProblem(error, url: url)
        }
        switch response.status {
        case 200..<300:
            guard let text = String(validating: response.body, as: UTF8.self) else {
                throw DocumentFetchProblem(.invalidContent, url: url, "\(url.absoluteString) is not UTF-8 text")
            }
            return text
        case 404, 410:
            throw DocumentFetchProblem(.notFound, url: url, status: response.status, "\(url.absoluteString) was not found (HTTP \(response.status))")
        default:
            throw DocumentFetchProblem(.httpError, url: url, status: response.status, "\(url.absoluteString) answered HTTP \(response.status)")
        }
    }

    /// A page's URL: `<directory of mkdocs.yml>/<docs_dir>/<path>`, each segment percent-encoded.
    private static func url(of page: MkDocsNavigation.Page, in navigation: MkDocsNavigation, relativeTo configuration: URL) throws(DocumentFetchProblem) -> URL {
        let segments = (navigation.docsDirectory + "/" + page.path).split(separator: "/")
        let encoded = segments.map { $0.addingPercentEncoding(withAllowedCharacters: pathSegmentCharacters) ?? "" }
        guard let url = URL(string: "./" + encoded.joined(separator: "/"), relativeTo: configuration)?.absoluteURL else {
            throw DocumentFetchProblem(.invalidMkDocs, url: configuration, "\(configuration.absoluteString): nav entry \"\(page.path)\" makes no URL")
        }
        return url
    }

    private static let pathSegmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;"))

    private static func title(given: String?, markdown: String, url: URL) -> String {
        if let given, !given.isEmpty { return given }
        if let heading = MarkdownTitle.first(in: markdown) { return heading }
        let name = url.lastPathComponent
        return name.split(separator: ".").dropLast().joined(separator: ".").nonEmpty ?? name
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

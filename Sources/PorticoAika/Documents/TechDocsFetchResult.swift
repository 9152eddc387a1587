/// What fetching an entity's documentation gave. Index it only when `isComplete`: a set with
/// failed pages would replace the last good index with part of the documentation.
public struct TechDocsFetchResult: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// The reference named one markdown file.
        case markdownPage
        /// The pages listed by an `mkdocs.yml`'s `nav`.
        case mkdocsNavigation
        /// An `mkdocs.yml` without `nav`: only `index.md` was fetched, other pages are unknown.
        case mkdocsIndexOnly
    }

    public let source: Source
    public let siteName: String?
    /// In the order the documentation lists them.
    public let pages: [FetchedPage]
    /// The pages that could not be fetched, one problem each.
    public let failures: [DocumentFetchProblem]

    public var isComplete: Bool { failures.isEmpty }

    public init(source: Source, siteName: String?, pages: [FetchedPage], failures: [DocumentFetchProblem]) {
        self.source = source
        self.siteName = siteName
        self.pages = pages
        self.failures = failures
    }
}

import Foundation

/// One markdown page of an entity's documentation, as fetched.
public struct FetchedPage: Sendable, Equatable {
    public let url: URL
    /// The nav's title for it, else its first `#` heading, else its file name.
    public let title: String
    public let markdown: String

    public init(url: URL, title: String, markdown: String) {
        self.url = url
        self.title = title
        self.markdown = markdown
    }
}

/// A path that a tenant's `mkdocs.yml` gives, checked to stay under the directory it is relative
/// to: not absolute, no `..`, no URL scheme (or drive letter), no backslashes. Empty and `.`
/// segments are dropped. Its segments are percent-encoded when it becomes part of a URL, so
/// `%2e%2e` cannot turn into `..` on the way.
struct DocumentPath: Equatable {
    let segments: [String]

    init?(relative text: String) {
        guard !text.hasPrefix("/"), !text.contains("\\"),
              !(text.split(separator: "/").first?.contains(":") ?? false) else { return nil }
        let segments = text.split(separator: "/").filter { $0 != "." }
        guard !segments.contains("..") else { return nil }
        self.segments = segments.map(String.init)
    }

    var text: String { segments.joined(separator: "/") }

    var isMarkdown: Bool {
        guard let name = segments.last?.lowercased() else { return false }
        return name.hasSuffix(".md") || name.hasSuffix(".markdown")
    }
}

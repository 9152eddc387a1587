import Yams

/// The pages an `mkdocs.yml` lists, in its `nav` order: `Title: path.md` or a bare `path.md`,
/// sections holding nested lists. Paths are relative to `docs_dir` (default `docs`).
///
/// - Links to `http(s)://` pages are not the site's own and are skipped, as are entries that are
///   not markdown files.
/// - A path that could leave `docs_dir` (absolute, `..`, another URL scheme) refuses the whole file:
///   a nav that tries it is not one to half-follow.
/// - Without a `nav` (or the older `pages`) MkDocs lists every markdown file under `docs_dir`,
///   which cannot be listed over HTTP: the pages are then `index.md` alone, and `listsPages` says so.
/// - A page listed twice counts once, under its first title. More than `maximumPages` pages, or
///   more than `maximumEntries` nav entries (counting every alias expansion, so a YAML "billion
///   laughs" is cut short), are refused rather than cut.
public struct MkDocsNavigation: Sendable, Equatable {
    public struct Page: Sendable, Equatable {
        /// The title the nav gives it, if any.
        public let title: String?
        /// Relative to `docs_dir`, `/`-separated, checked to stay under it.
        public let path: String
    }

    public let siteName: String?
    /// Relative to the directory of `mkdocs.yml`, checked to stay under it; "" when it is that directory.
    public let docsDirectory: String
    public let pages: [Page]
    /// False when the file has no `nav`, so `pages` is an assumption (`index.md`), not a list.
    public let listsPages: Bool

    public static let maximumNavDepth = 16

    public init(yaml: String, maximumPages: Int = 200, maximumEntries: Int = 10_000) throws(MkDocsProblem) {
        let root: Node?
        do {
            root = try Parser(yaml: yaml).singleRoot()
        } catch {
            throw MkDocsProblem(.invalid, "mkdocs.yml is not valid YAML: \(Self.firstLine(of: error))")
        }
        guard let root, case .mapping(let settings) = root else {
            throw MkDocsProblem(.invalid, "mkdocs.yml must be a mapping of settings")
        }
        siteName = settings["site_name"]?.scalar?.string
        let docsDirectory = settings["docs_dir"]?.scalar?.string ?? "docs"
        guard let directory = DocumentPath(relative: docsDirectory) else {
            throw MkDocsProblem(.invalid, "docs_dir \"\(docsDirectory)\" must be a relative path inside the repository")
        }
        self.docsDirectory = directory.text
        guard let nav = settings["nav"] ?? settings["pages"], Tag.Name(rawValue: nav.tag.rawValue) != .null else {
            pages = [Page(title: nil, path: "index.md")]
            listsPages = false
            return
        }
        var reader = NavReader(maximumPages: maximumPages, maximumEntries: maximumEntries)
        try reader.readList(nav, depth: 1)
        pages = reader.pages
        listsPages = true
    }

    private static func firstLine(of error: any Error) -> String {
        "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}

/// Walks a `nav` list, keeping the pages and enforcing the bounds.
private struct NavReader {
    let maximumPages: Int
    let maximumEntries: Int
    var pages: [MkDocsNavigation.Page] = []
    var seenPaths: Set<String> = []
    var entries = 0

    init(maximumPages: Int, maximumEntries: Int) {
        self.maximumPages = maximumPages
        self.maximumEntries = maximumEntries
    }

    mutating func readList(_ node: Node, depth: Int) throws(MkDocsProblem) {
        guard depth <= MkDocsNavigation.maximumNavDepth else {
            throw MkDocsProblem(.invalid, "nav is nested more than \(MkDocsNavigation.maximumNavDepth) levels deep")
        }
        guard case .sequence(let items) = node else { throw MkDocsProblem(.invalid, "nav must be a list") }
        for item in items {
            entries += 1
            guard entries <= maximumEntries else {
                throw MkDocsProblem(.tooManyPages, "nav has more than \(maximumEntries) entries")
            }
            switch item {
            case .scalar(let scalar):
                try add(title: nil, target: scalar.string)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard let title = key.scalar?.string else { throw MkDocsProblem(.invalid, "nav titles must be text") }
                    if let target = value.scalar?.string {
                        try add(title: title, target: target)
                    } else {
                        try readList(value, depth: depth + 1)
                    }
                }
            default:
                throw MkDocsProblem(.invalid, "nav entries must be `Title: path.md`, `path.md` or a titled section")
            }
        }
    }

    private mutating func add(title: String?, target: String) throws(MkDocsProblem) {
        let lowercased = target.lowercased()
        if lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://") { return }
        guard let path = DocumentPath(relative: target) else {
            throw MkDocsProblem(.invalid, "nav entry \"\(target)\" must be a relative path inside docs_dir")
        }
        guard path.isMarkdown, seenPaths.insert(path.text).inserted else { return }
        guard pages.count < maximumPages else {
            throw MkDocsProblem(.tooManyPages, "nav lists more than \(maximumPages) pages")
        }
        pages.append(MkDocsNavigation.Page(title: title, path: path.text))
    }
}

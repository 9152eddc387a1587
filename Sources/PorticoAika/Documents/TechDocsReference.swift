import Foundation

/// What an entity's `backstage.io/techdocs-ref` annotation points at, among what Portico can fetch.
///
/// Only `url:` references are supported (http or https; which addresses are reachable is the
/// outbound client's business): a markdown file is one page; an `mkdocs.yml` (or `.yaml`) lists
/// the pages; a directory, or a path whose last part has no extension, is read through its
/// `mkdocs.yml`. Forge web links are read through their raw-file URLs. `dir:` references are
/// relative to where the entity was read from, which the documents do not know.
public enum TechDocsReference: Sendable, Equatable {
    case markdownPage(URL)
    case mkdocsConfiguration(URL)

    public static let annotation = "backstage.io/techdocs-ref"

    public init(annotationValue: String) throws(DocumentFetchProblem) {
        let value = annotationValue.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = value.firstIndex(of: ":") else { throw Self.unsupported("\"\(value)\" is not a url: reference") }
        let type = value[..<colon].lowercased()
        let target = String(value[value.index(after: colon)...])
        guard type == "url" else {
            if type == "dir" {
                throw Self.unsupported("dir: references are relative to the entity's own source, which Portico does not read; use url:<https URL of the docs' mkdocs.yml or markdown file>")
            }
            throw Self.unsupported("\(type): references are not supported; use url:<https URL of the docs' mkdocs.yml or markdown file>")
        }
        guard let given = URL(string: target), let scheme = given.scheme?.lowercased(), scheme == "https" || scheme == "http",
              given.host?.isEmpty == false else {
            throw Self.unsupported("\"\(target)\" is not an http(s) URL")
        }
        let url = ForgeRawURL.raw(for: given)
        let path = url.path(percentEncoded: true)
        let name = path.hasSuffix("/") ? "" : (path.split(separator: "/").last.map { $0.lowercased() } ?? "")
        if name.hasSuffix(".md") || name.hasSuffix(".markdown") {
            self = .markdownPage(url)
        } else if name == "mkdocs.yml" || name == "mkdocs.yaml" {
            self = .mkdocsConfiguration(url)
        } else if !name.contains(".") {
            guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
                throw Self.unsupported("\"\(target)\" is not an http(s) URL")
            }
            components.percentEncodedPath = (path.hasSuffix("/") ? path : path + "/") + "mkdocs.yml"
            guard let configuration = components.url else { throw Self.unsupported("\"\(target)\" is not an http(s) URL") }
            self = .mkdocsConfiguration(configuration)
        } else {
            throw Self.unsupported("\(url.absoluteString) is neither a markdown file nor an mkdocs.yml, nor a directory holding one")
        }
    }

    private static func unsupported(_ message: String) -> DocumentFetchProblem {
        DocumentFetchProblem(.unsupportedReference, url: nil, "techdocs-ref: \(message)")
    }
}

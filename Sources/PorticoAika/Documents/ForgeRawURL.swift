import Foundation

/// The raw-file URL for a link a person copies from a forge's web page: GitHub's
/// `github.com/o/r/blob/<ref>/<path>` (or `/tree/`, or the bare repository, read at `HEAD`)
/// becomes `raw.githubusercontent.com/o/r/<ref>/<path>`; GitLab's `/-/blob/` and `/-/tree/`
/// become `/-/raw/`. Any other URL is returned as it is. A directory stays a directory (ends in `/`).
enum ForgeRawURL {
    static func raw(for url: URL) -> URL {
        let path = url.path(percentEncoded: true)
        if let host = url.host?.lowercased(), host == "github.com" || host == "www.github.com" {
            return gitHubRaw(path: path) ?? url
        }
        for webPart in ["/-/blob/", "/-/tree/"] where path.contains(webPart) {
            guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
                  let range = path.range(of: webPart) else { return url }
            components.percentEncodedPath = path.replacingCharacters(in: range, with: "/-/raw/")
            return components.url ?? url
        }
        return url
    }

    private static func gitHubRaw(path: String) -> URL? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let isDirectory = path.hasSuffix("/")
        switch segments.count {
        case 2:
            return URL(string: "https://raw.githubusercontent.com/\(segments[0])/\(segments[1])/HEAD/")
        case 4... where ["blob", "tree", "raw"].contains(segments[2]):
            let rest = ([segments[0], segments[1]] + segments[3...]).joined(separator: "/")
            let directory = isDirectory || segments[2] == "tree"
            return URL(string: "https://raw.githubusercontent.com/\(rest)" + (directory ? "/" : ""))
        default:
            return nil
        }
    }
}

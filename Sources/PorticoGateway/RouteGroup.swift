import Synchronization

/// A set of routes one module owns: its name in metrics and usage (`api.requests` is counted per
/// group), the paths it answers under, and the error body its clients read.
public struct RouteGroup: Sendable {
    public let id: String
    /// Where the group's routes live; a request under one that matches no route still gets the
    /// group's error shape (a Backstage client reads a 404 for an unknown catalog path).
    public let pathPrefixes: [String]
    public let errorShape: ErrorShape

    public init(id: String, pathPrefixes: [String], errorShape: ErrorShape = .problem) {
        self.id = id
        self.pathPrefixes = pathPrefixes
        self.errorShape = errorShape
    }

    /// Routes registered outside any module (tests' extra routes).
    public static let unassigned = RouteGroup(id: "other", pathPrefixes: [])
}

/// The error body of a route group.
public enum ErrorShape: Sendable {
    /// RFC 9457 `application/problem+json` with Portico's `code`, `field` and `requestId`.
    case problem
    /// The problem fields plus Backstage's `{error: {name, message}, request, response: {statusCode}}`,
    /// as `application/json`, which Backstage's clients parse.
    case backstage
}

/// The route groups in use, for errors raised before any route matched.
final class RouteGroups: Sendable {
    private let groups = Mutex<[RouteGroup]>([])

    func add(_ group: RouteGroup) {
        groups.withLock { $0.append(group) }
    }

    /// The group with the longest path prefix that `path` starts with.
    func group(forPath path: String) -> RouteGroup? {
        groups.withLock { groups in
            var best: (group: RouteGroup, length: Int)?
            for group in groups {
                for prefix in group.pathPrefixes where path.hasPrefix(prefix) && prefix.count > (best?.length ?? -1) {
                    best = (group, prefix.count)
                }
            }
            return best?.group
        }
    }
}

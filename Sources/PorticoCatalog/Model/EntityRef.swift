/// `[kind:][namespace/]name`, compared case-insensitively on kind and namespace as Backstage does.
public struct EntityRef: Hashable, Sendable, CustomStringConvertible {
    public let kind: String
    public let namespace: String
    public let name: String

    public static let defaultNamespace = "default"

    public init(kind: String, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    public enum Problem: Error, CustomStringConvertible {
        case empty
        case missingKind(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .empty: "an entity reference must not be empty"
            case .missingKind(let ref): "'\(ref)' has no kind and there is no default kind here"
            case .malformed(let ref): "'\(ref)' is not an entity reference like [kind:][namespace/]name"
            }
        }
    }

    /// Parses a reference, filling kind and namespace from the context's defaults when absent.
    public init(parsing text: String, defaultKind: String? = nil, defaultNamespace: String = EntityRef.defaultNamespace) throws(Problem) {
        // Character scans rather than Foundation's trimming and substring search: refs are
        // parsed several times per entity on every ingestion.
        let trimmed = Self.trimmingSpaces(text)
        guard !trimmed.isEmpty else { throw .empty }
        var rest = Substring(trimmed)
        var kind: String?
        if let colon = rest.firstIndex(of: ":") {
            kind = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        var namespace = defaultNamespace
        if let slash = rest.firstIndex(of: "/") {
            namespace = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        guard let resolvedKind = kind ?? defaultKind else { throw .missingKind(trimmed) }
        guard !resolvedKind.isEmpty, !namespace.isEmpty, !rest.isEmpty, !rest.contains(where: { $0 == ":" || $0 == "/" }) else {
            throw .malformed(trimmed)
        }
        self.init(kind: resolvedKind, namespace: namespace, name: String(rest))
    }

    private static func trimmingSpaces(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return first == text.startIndex && last == text.index(before: text.endIndex) ? text : String(text[first...last])
    }

    /// `component:default/payments`: kind and namespace lowercased, as Backstage prints refs.
    public var description: String { "\(kind.lowercased()):\(namespace.lowercased())/\(name)" }

    /// The fully lowercased form used as the key in storage.
    public var key: String { description.lowercased() }
}

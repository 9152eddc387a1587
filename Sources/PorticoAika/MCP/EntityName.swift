import Foundation

/// An entity as a tool's caller names it: a full ref (`component:default/payments`), a ref
/// without its namespace (`component:payments`, meaning `default`), or a bare name (`payments`).
/// Lowercased, as the catalog writes refs.
struct EntityName: Sendable, Equatable {
    let kind: String?
    let namespace: String?
    let name: String

    static let maximumCharacters = 300

    init?(_ text: String) {
        let lowered = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard lowered.count <= Self.maximumCharacters else { return nil }
        var rest = Substring(lowered)
        var kind: String?
        if let colon = rest.firstIndex(of: ":") {
            kind = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        var namespace: String?
        if let slash = rest.firstIndex(of: "/") {
            namespace = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        guard kind?.isEmpty != true, namespace?.isEmpty != true, !rest.isEmpty, !rest.contains(where: { ":/".contains($0) }) else {
            return nil
        }
        self.kind = kind
        self.namespace = namespace
        self.name = String(rest)
    }

    /// `kind:namespace/name` when the kind was given.
    var ref: String? { kind.map { "\($0):\(namespace ?? "default")/\(name)" } }
}

extension EntityName {
    /// Whether a found entity is the one named. A bare name leaves the choice to name matching;
    /// a kind or namespace must match exactly.
    func admits(_ ref: String) -> Bool {
        guard kind != nil || namespace != nil else { return true }
        guard let found = EntityName(ref) else { return false }
        return found.name == name && (kind == nil || found.kind == kind) && found.namespace == (namespace ?? "default")
    }
}

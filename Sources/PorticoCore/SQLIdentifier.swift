/// A PostgreSQL identifier the server itself built, safe to splice into SQL text where
/// parameters cannot go (schema and role names). It only ever holds `[a-z0-9_]`.
public struct SQLIdentifier: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    init(trusted name: String) {
        precondition(SQLIdentifier.isSafe(name), "unsafe SQL identifier \(name)")
        self.name = name
    }

    /// The identifier quoted for SQL text.
    public var quoted: String { "\"\(name)\"" }

    public var description: String { name }

    static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 63
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            && !(name.utf8.first! >= 48 && name.utf8.first! <= 57)
    }
}

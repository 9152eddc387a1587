/// A tenant's public handle: 3–40 characters of `[a-z0-9-]`, not starting or ending with `-`,
/// and not one of the names the product keeps for itself.
public struct Slug: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public static let reserved: Set<String> = [
        "admin", "api", "www", "app", "apps", "portal", "portico", "status", "health", "metrics",
        "login", "logout", "signup", "signups", "auth", "oauth", "sso", "billing", "support", "help",
        "docs", "static", "assets", "cdn", "mail", "email", "root", "system", "internal", "operator",
        "operators", "tenant", "tenants", "control", "public", "postgres", "default", "test", "demo-admin",
    ]

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case length(Int)
        case characters
        case hyphenAtEdge
        case reserved(String)

        public var description: String {
            switch self {
            case .length(let count): "must be 3 to 40 characters long, not \(count)"
            case .characters: "may only contain lowercase letters a-z, digits and '-'"
            case .hyphenAtEdge: "must not start or end with '-'"
            case .reserved(let slug): "'\(slug)' is reserved"
            }
        }
    }

    public init(validating value: String) throws(Problem) {
        let count = value.unicodeScalars.count
        guard (3...40).contains(count) else { throw .length(count) }
        guard value.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) else {
            throw .characters
        }
        guard value.first != "-", value.last != "-" else { throw .hyphenAtEdge }
        guard !Slug.reserved.contains(value) else { throw .reserved(value) }
        self.value = value
    }

    /// A slug read back from storage: it was validated when written, and stays valid even if the
    /// reserved names grow since.
    public init(stored value: String) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(validating: raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}

/// Why an `mkdocs.yml` gives no page list; `description` is meant for the tenant who wrote it.
public struct MkDocsProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case invalid
        case tooManyPages
    }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}

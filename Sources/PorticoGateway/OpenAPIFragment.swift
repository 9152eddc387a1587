/// A module's part of the OpenAPI document: YAML texts, each with top-level `paths:` and/or
/// `components:` (`schemas`, `parameters`, `responses`). Kept as embedded text, not resource files,
/// so the single `portico` binary carries its own contract. The composition root merges the
/// fragments and refuses a path or component that two of them define.
public struct OpenAPIFragment: Sendable {
    /// Who owns it, named in merge errors.
    public let owner: String
    public let parts: [String]

    public init(owner: String, parts: [String]) {
        self.owner = owner
        self.parts = parts
    }
}

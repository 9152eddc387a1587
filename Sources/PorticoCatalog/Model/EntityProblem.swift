/// Why an entity was refused, naming the field.
public struct EntityProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let message: String

    public var description: String { "\(field) \(message)" }

    /// U+0000 in a string or key: PostgreSQL cannot store it, so no entity may hold it.
    static let unstorableTextMessage = "contains U+0000, which cannot be stored"

    static func unstorableText(at path: String) -> EntityProblem {
        EntityProblem(field: path, message: unstorableTextMessage)
    }
}

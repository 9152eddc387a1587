/// Why an entity was refused, naming the field.
public struct EntityProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let message: String

    public var description: String { "\(field) \(message)" }
}

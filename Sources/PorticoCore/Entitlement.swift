/// Something a plan may include that a route or job checks for, such as a premium plugin
/// (`insights`, `aika`). Each module declares its own, with the plans that include it.
public struct Entitlement: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let id: String

    public init(_ id: String) { self.id = id }

    public init(from decoder: any Decoder) throws {
        self.id = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }

    public var description: String { id }

    public static func < (lhs: Entitlement, rhs: Entitlement) -> Bool { lhs.id < rhs.id }
}

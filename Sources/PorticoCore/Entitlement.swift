/// Something a plan may include that a route or job checks for, such as a premium plugin
/// (`insights`, `aika`). Each module declares its own, with the plans that include it.
public struct Entitlement: StringIdentifier, Comparable {
    public let id: String

    public init(_ id: String) { self.id = id }

    public static func < (lhs: Entitlement, rhs: Entitlement) -> Bool { lhs.id < rhs.id }
}

/// A plan's name, as stored on a tenant (`free`, `team`, `enterprise`).
public struct PlanID: StringIdentifier, ExpressibleByStringLiteral {
    public let id: String

    public init(_ id: String) { self.id = id }
    public init(stringLiteral id: String) { self.id = id }
}

/// A plan as the gateway sees it: its request rate. What else it gives (plugins, entity and key
/// limits) is declared by each module as `PlanTerms` and put together in a `PlanBook`. The plans
/// live in code so every replica agrees on them; a tenant row only names its plan.
public struct Plan: Sendable, Equatable {
    public let id: PlanID
    public let name: String
    public let requestsPerSecond: Int
    public let burst: Int
    /// Anyone may take it by signing up; the others are set by operators.
    public let isSelfServe: Bool

    public static let free = Plan(id: "free", name: "Free", requestsPerSecond: 10, burst: 20, isSelfServe: true)
    public static let team = Plan(id: "team", name: "Team", requestsPerSecond: 50, burst: 100, isSelfServe: false)
    public static let enterprise = Plan(id: "enterprise", name: "Enterprise", requestsPerSecond: 500, burst: 1_000, isSelfServe: false)

    public static let all: [Plan] = [.free, .team, .enterprise]

    public static func named(_ id: String) -> Plan? { all.first { $0.id.id == id } }

    /// "free, team, enterprise", for messages that list the choices.
    public static var names: String { all.map(\.id.id).joined(separator: ", ") }
}

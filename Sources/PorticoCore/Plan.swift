/// A billing plan and what it entitles a tenant to. The catalog of plans lives in code so every
/// replica agrees on it; a tenant row only names its plan.
public struct Plan: Sendable, Codable, Equatable {
    public let id: String
    public let name: String
    public let plugins: Set<Plugin>
    public let limits: PlanLimits

    public static let free = Plan(
        id: "free", name: "Free", plugins: [],
        limits: PlanLimits(requestsPerSecond: 10, burst: 20, maxEntities: 1_000, maxLocations: 20, maxAPIKeys: 5)
    )
    public static let team = Plan(
        id: "team", name: "Team", plugins: [.insights],
        limits: PlanLimits(requestsPerSecond: 50, burst: 100, maxEntities: 20_000, maxLocations: 500, maxAPIKeys: 50)
    )
    public static let enterprise = Plan(
        id: "enterprise", name: "Enterprise", plugins: [.insights, .aika],
        limits: PlanLimits(requestsPerSecond: 500, burst: 1_000, maxEntities: 250_000, maxLocations: 10_000, maxAPIKeys: 500)
    )

    public static let all: [Plan] = [.free, .team, .enterprise]

    /// The plans anyone may take by signing up; the others are set by operators.
    public static let selfServe: [Plan] = [.free]

    public static func named(_ id: String) -> Plan? { all.first { $0.id == id } }
}

public struct PlanLimits: Sendable, Codable, Equatable {
    public let requestsPerSecond: Int
    public let burst: Int
    public let maxEntities: Int
    public let maxLocations: Int
    public let maxAPIKeys: Int
}

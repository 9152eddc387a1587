/// A quantity a plan caps, named by the module that enforces it (`maxEntities` by the catalog).
/// The name is the key under `limits` in the tenant's API views, so it is part of the contract.
public struct PlanLimit: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let key: String

    public init(_ key: String) { self.key = key }

    public var description: String { key }

    public static func < (lhs: PlanLimit, rhs: PlanLimit) -> Bool { lhs.key < rhs.key }
}

/// What one module gives each plan: the entitlements it checks and the limits it enforces.
public struct PlanTerms: Sendable {
    /// For each entitlement, the plans that include it.
    public var entitlements: [Entitlement: Set<PlanID>]
    /// For each limit, its value on every plan.
    public var limits: [PlanLimit: [PlanID: Int]]

    public init(entitlements: [Entitlement: Set<PlanID>] = [:], limits: [PlanLimit: [PlanID: Int]] = [:]) {
        self.entitlements = entitlements
        self.limits = limits
    }

    public static let none = PlanTerms()
}

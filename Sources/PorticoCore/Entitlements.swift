/// What a tenant may use right now: derived from its plan by the `PlanBook`.
public struct Entitlements: Sendable, Equatable {
    public let plan: PlanID
    public let entitlements: Set<Entitlement>
    public let limits: PlanLimits

    public init(plan: PlanID, entitlements: Set<Entitlement>, limits: PlanLimits) {
        self.plan = plan
        self.entitlements = entitlements
        self.limits = limits
    }

    public func includes(_ entitlement: Entitlement) -> Bool { entitlements.contains(entitlement) }

    /// The plan's value for `limit`; a limit no module declared allows nothing.
    public func limit(_ limit: PlanLimit) -> Int { limits.values[limit] ?? 0 }
}

/// A plan's request rate and the modules' limits, encoded flat as tenants read them:
/// `{"requestsPerSecond": 50, "burst": 100, "maxEntities": 20000, ...}`.
public struct PlanLimits: Sendable, Equatable, Encodable {
    public let requestsPerSecond: Int
    public let burst: Int
    public let values: [PlanLimit: Int]

    public init(requestsPerSecond: Int, burst: Int, values: [PlanLimit: Int]) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.values = values
    }

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(requestsPerSecond, forKey: Key(stringValue: "requestsPerSecond"))
        try container.encode(burst, forKey: Key(stringValue: "burst"))
        for (limit, value) in values.sorted(by: { $0.key < $1.key }) {
            try container.encode(value, forKey: Key(stringValue: limit.key))
        }
    }
}

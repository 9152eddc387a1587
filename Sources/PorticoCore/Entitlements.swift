/// What a tenant may use right now: derived from its plan, with an operator's per-tenant
/// rate-limit override (custom contracts) applied on top.
public struct Entitlements: Sendable, Codable, Equatable {
    public let plan: String
    public let plugins: Set<Plugin>
    public let limits: PlanLimits

    public init(plan: Plan, rateLimitOverride: Int?) {
        self.plan = plan.id
        self.plugins = plan.plugins
        if let rateLimitOverride {
            self.limits = PlanLimits(
                requestsPerSecond: rateLimitOverride, burst: rateLimitOverride * 2,
                maxEntities: plan.limits.maxEntities, maxLocations: plan.limits.maxLocations,
                maxAPIKeys: plan.limits.maxAPIKeys
            )
        } else {
            self.limits = plan.limits
        }
    }

    public func includes(_ plugin: Plugin) -> Bool { plugins.contains(plugin) }
}

/// Every plan with what the modules give it: the one place a tenant's entitlements come from.
/// Built once at start-up from the module list; a term that names an unknown plan, a limit left
/// without a value on some plan, or a name two modules both declare is refused then.
public struct PlanBook: Sendable {
    public let plans: [Plan]
    let entitlementPlans: [Entitlement: Set<PlanID>]
    let limitValues: [PlanLimit: [PlanID: Int]]

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(plans: [Plan] = Plan.all, terms: [PlanTerms]) throws(Invalid) {
        let known = Set(plans.map(\.id))
        var entitlementPlans: [Entitlement: Set<PlanID>] = [:]
        var limitValues: [PlanLimit: [PlanID: Int]] = [:]
        for term in terms {
            for (entitlement, planIDs) in term.entitlements {
                guard entitlementPlans[entitlement] == nil else { throw Invalid(description: "entitlement '\(entitlement)' is declared twice") }
                if let unknown = planIDs.subtracting(known).first {
                    throw Invalid(description: "entitlement '\(entitlement)' names unknown plan '\(unknown)'")
                }
                entitlementPlans[entitlement] = planIDs
            }
            for (limit, values) in term.limits {
                guard limitValues[limit] == nil else { throw Invalid(description: "plan limit '\(limit)' is declared twice") }
                guard Set(values.keys) == known else {
                    throw Invalid(description: "plan limit '\(limit)' must have a value for exactly the plans \(plans.map(\.id.id).joined(separator: ", "))")
                }
                limitValues[limit] = values
            }
        }
        self.plans = plans
        self.entitlementPlans = entitlementPlans
        self.limitValues = limitValues
    }

    public func plan(named id: String) -> Plan? { plans.first { $0.id.id == id } }

    public var selfServe: [Plan] { plans.filter(\.isSelfServe) }

    /// The plans that include `entitlement`.
    public func plans(including entitlement: Entitlement) -> Set<PlanID> {
        entitlementPlans[entitlement] ?? []
    }

    /// What a tenant on `planID` may use, with an operator's per-tenant rate override (custom
    /// contracts) applied. A plan this build does not know gives what the first self-serve plan gives.
    public func entitlements(plan planID: String, rateLimitOverride: Int?) -> Entitlements {
        let plan = plan(named: planID) ?? selfServe.first ?? plans[0]
        let entitlements = Set(entitlementPlans.compactMap { $0.value.contains(plan.id) ? $0.key : nil })
        return Entitlements(
            plan: plan.id, entitlements: entitlements,
            limits: PlanLimits(
                requestsPerSecond: rateLimitOverride ?? plan.requestsPerSecond,
                burst: rateLimitOverride.map { $0 * 2 } ?? plan.burst,
                values: limitValues.compactMapValues { $0[plan.id] }))
    }
}

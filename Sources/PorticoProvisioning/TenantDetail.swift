import PorticoCore

/// One tenant as an operator inspects it: the record, plus what its plan (and any override) gives it.
struct TenantDetail: Encodable {
    let tenant: Tenant
    let plans: PlanBook

    enum CodingKeys: String, CodingKey { case entitlements, limits }

    func encode(to encoder: any Encoder) throws {
        try tenant.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        let entitlements = tenant.entitlements(in: plans)
        try container.encode(entitlements.entitlements.sorted().map(\.id), forKey: .entitlements)
        try container.encode(entitlements.limits, forKey: .limits)
    }
}

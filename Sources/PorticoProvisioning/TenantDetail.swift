import PorticoCore

/// One tenant as an operator inspects it: the record, plus what its plan (and any override) gives it.
struct TenantDetail: Encodable {
    let tenant: Tenant

    enum CodingKeys: String, CodingKey { case entitlements, limits }

    func encode(to encoder: any Encoder) throws {
        try tenant.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tenant.entitlements.plugins.sorted().map(\.rawValue), forKey: .entitlements)
        try container.encode(tenant.entitlements.limits, forKey: .limits)
    }
}

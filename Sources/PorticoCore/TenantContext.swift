/// The tenant a piece of work acts for: what service layers and jobs need to know about it,
/// whoever admitted it (the gateway for a request, a job's payload, the bench command).
public struct TenantContext: Sendable {
    public let id: TenantID
    public let slug: Slug
    public let entitlements: Entitlements

    public init(id: TenantID, slug: Slug, entitlements: Entitlements) {
        self.id = id
        self.slug = slug
        self.entitlements = entitlements
    }
}

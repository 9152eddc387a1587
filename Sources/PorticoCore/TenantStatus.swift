/// Where a tenant is in its lifecycle: `provisioning` → `active` ⇄ `suspended` → `deleting` → `deleted`,
/// with `failed` when provisioning went wrong (the queue retries it).
public enum TenantStatus: String, Codable, Sendable, CaseIterable {
    case provisioning
    case failed
    case active
    case suspended
    case deleting
    case deleted
}

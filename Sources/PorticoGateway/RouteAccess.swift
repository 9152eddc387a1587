import PorticoCore

/// Who may call a route.
public enum RouteAccess: Sendable, Hashable {
    /// Anyone (signups, health).
    case open
    /// A tenant API key, with the scope it needs and the premium plugin the tenant's plan must include.
    case tenant(Scope?, plugin: Plugin? = nil)
    /// An operator token (admin API).
    case `operator`
}

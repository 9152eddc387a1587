import PorticoCore

/// Who may call a route.
public enum RouteAccess: Sendable, Hashable {
    /// Anyone (signups, health).
    case open
    /// A tenant API key, with the scope it needs and what the tenant's plan must include.
    case tenant(Scope?, entitlement: Entitlement? = nil)
    /// An operator token (admin API).
    case `operator`
}

import PorticoCore

/// Who may call a route.
public enum RouteAccess: Sendable, Hashable {
    /// Anyone (signups, health).
    case open
    /// A tenant API key, with the scope it needs and what the tenant's plan must include. A
    /// suspended tenant is refused unless the route lets it in `whileSuspended` (reading what it
    /// owes, to settle it).
    case tenant(Scope?, entitlement: Entitlement? = nil, whileSuspended: Bool = false)
    /// An operator token (admin API).
    case `operator`
}

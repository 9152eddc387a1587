import Hummingbird

extension Router where Context == PorticoRequestContext {
    /// The middleware every route gets, outermost first. Add before any route: Hummingbird binds
    /// middleware to routes when they are registered.
    /// - Parameter isUnavailable: recognises errors that mean a dependency (the database) cannot be
    ///   reached; they are answered 503 `database_unavailable` with `Retry-After`.
    func addGatewayMiddleware(isUnavailable: @escaping @Sendable (any Error) -> Bool, routeGroups: RouteGroups) {
        add(middleware: RequestIDMiddleware())
        add(middleware: TelemetryMiddleware())
        add(middleware: ErrorMiddleware(isUnavailable: isUnavailable, routeGroups: routeGroups))
    }
}

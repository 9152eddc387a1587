import Hummingbird

extension Router where Context == PorticoRequestContext {
    /// The middleware every route gets, outermost first. Add before any route: Hummingbird binds
    /// middleware to routes when they are registered.
    public func addGatewayMiddleware() {
        add(middleware: RequestIDMiddleware())
        add(middleware: TelemetryMiddleware())
        add(middleware: ErrorMiddleware())
    }
}

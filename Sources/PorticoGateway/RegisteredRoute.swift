import HTTPTypes
import Hummingbird

/// A route as registered with the gateway, for whatever checks the routes against their contract.
public struct RegisteredRoute: Sendable, Hashable {
    public let method: HTTPRequest.Method
    /// As registered: Hummingbird's syntax (`{id}` or `:id`).
    public let path: String
    public let access: RouteAccess

    /// The path as an OpenAPI path template (`{id}`), which is also how Hummingbird names the
    /// matched route in `context.endpointPath`.
    public var template: String { Self.template(path) }

    public static func template(_ path: String) -> String {
        RouterPath(path).description
    }
}

import Hummingbird
import Logging
import NIOCore
import PorticoCore

/// The request context of every Portico route: who the caller is once the gateway admitted them,
/// and the request's own id and body limit.
public struct PorticoRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""
    public var tenant: AuthenticatedTenant?
    public var `operator`: AuthenticatedOperator?
    public var bodyLimit: Int = Gateway.defaultBodyLimit
    /// The address the connection comes from (a proxy's, behind one).
    public let peerAddress: IPAddress?
    /// The caller's address seen through trusted proxies; the gateway sets it before any route runs.
    public var clientAddress: IPAddress?
    /// Shared with the outer middleware, which logs and counts the request after the route ran.
    public let telemetry = RequestTelemetry()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress.flatMap { IPAddress($0) }
    }

    public var maxUploadSize: Int { bodyLimit }

    /// The key per-address limits count against ("unknown" for a connection without an IP address).
    public var clientKey: String { clientAddress?.rateLimitKey ?? "unknown" }

    /// The admitted tenant; routes behind `.tenant` access can rely on it.
    public func requireTenant() throws -> AuthenticatedTenant {
        guard let tenant else { throw PorticoError.invalidAPIKey }
        return tenant
    }

    /// The admitted tenant as service layers take it.
    public func tenantContext() throws -> TenantContext { try requireTenant().context }

    public func requireOperator() throws -> AuthenticatedOperator {
        guard let `operator` else { throw PorticoError.invalidOperatorToken }
        return `operator`
    }
}

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
    public let clientAddress: String?
    /// Shared with the outer middleware, which logs and counts the request after the route ran.
    public let telemetry = RequestTelemetry()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { bodyLimit }

    /// The admitted tenant; routes behind `.tenant` access can rely on it.
    public func requireTenant() throws -> AuthenticatedTenant {
        guard let tenant else { throw PorticoError.invalidAPIKey }
        return tenant
    }

    public func requireOperator() throws -> AuthenticatedOperator {
        guard let `operator` else { throw PorticoError.invalidOperatorToken }
        return `operator`
    }
}

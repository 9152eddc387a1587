import HTTPTypes
import Hummingbird
import PorticoCore

/// Registers module routes behind the gateway. Every route states its access and belongs to the
/// route group of the module that registered it; the router runs the matching checks before the
/// handler, counts admitted tenant requests per group, and answers 405 (with `Allow`) for a known
/// path called with a method it does not have.
public final class GatewayRouter {
    public typealias Handler = @Sendable (Request, PorticoRequestContext) async throws -> Response

    public let router: Router<PorticoRequestContext>
    let gateway: Gateway
    let tenantConcurrency: TenantConcurrency
    let usage: RequestUsageMeter?
    let routeGroups = RouteGroups()
    private var currentGroup = RouteGroup.unassigned
    private var methodsByPath: [String: Set<HTTPRequest.Method>] = [:]
    private var pathOrder: [String] = []
    /// Every route registered so far, in order (the 405 answers of `finish()` are not routes).
    public private(set) var registeredRoutes: [RegisteredRoute] = []

    /// Installs the gateway's middleware on `router`, which must have no routes yet.
    /// - Parameter isUnavailable: recognises errors that mean a dependency (the database) cannot be
    ///   reached; they are answered 503 `database_unavailable` with `Retry-After`.
    public init(
        gateway: Gateway, router: Router<PorticoRequestContext>, tenantConcurrency: TenantConcurrency,
        usage: RequestUsageMeter? = nil, isUnavailable: @escaping @Sendable (any Error) -> Bool = { _ in false }
    ) {
        self.gateway = gateway
        self.router = router
        self.tenantConcurrency = tenantConcurrency
        self.usage = usage
        router.addGatewayMiddleware(isUnavailable: isUnavailable, routeGroups: routeGroups)
    }

    /// Registers the routes `register` adds as members of `group`.
    public func group(_ group: RouteGroup, _ register: (GatewayRouter) -> Void) {
        routeGroups.add(group)
        let outer = currentGroup
        currentGroup = group
        defer { currentGroup = outer }
        register(self)
    }

    public func get(_ path: String, _ access: RouteAccess, handler: @escaping Handler) {
        add(.get, path, access, handler: handler)
    }

    public func post(_ path: String, _ access: RouteAccess, bodyLimit: Int? = nil, handler: @escaping Handler) {
        add(.post, path, access, bodyLimit: bodyLimit, handler: handler)
    }

    public func put(_ path: String, _ access: RouteAccess, bodyLimit: Int? = nil, handler: @escaping Handler) {
        add(.put, path, access, bodyLimit: bodyLimit, handler: handler)
    }

    public func patch(_ path: String, _ access: RouteAccess, bodyLimit: Int? = nil, handler: @escaping Handler) {
        add(.patch, path, access, bodyLimit: bodyLimit, handler: handler)
    }

    public func delete(_ path: String, _ access: RouteAccess, handler: @escaping Handler) {
        add(.delete, path, access, handler: handler)
    }

    public func add(
        _ method: HTTPRequest.Method, _ path: String, _ access: RouteAccess, bodyLimit: Int? = nil, handler: @escaping Handler
    ) {
        if methodsByPath[path] == nil { pathOrder.append(path) }
        methodsByPath[path, default: []].insert(method)
        registeredRoutes.append(RegisteredRoute(method: method, path: path, access: access))
        let gateway = self.gateway
        let tenantConcurrency = self.tenantConcurrency
        let group = currentGroup
        let usage = self.usage?.counter(for: group.id)
        let limit = bodyLimit ?? gateway.defaultBodyLimit
        router.on(RouterPath(path), method: method) { request, context -> Response in
            var context = context
            context.telemetry.routeGroup = group
            context.bodyLimit = limit
            context.clientAddress = gateway.clientAddresses.resolve(
                peer: context.peerAddress, forwardedFor: request.headers[values: .xForwardedFor])
            try gateway.checkDeclaredLength(request, limit: limit)
            try Self.refuseEncodedNUL(in: request)
            switch access {
            case .open:
                return try await handler(request, context)
            case .operator:
                context.operator = try await gateway.admitOperator(request, from: context.clientKey)
                return try await handler(request, context)
            case .tenant(let scope, let entitlement, let whileSuspended):
                let (tenant, rateLimitHeaders) = try await gateway.admitTenant(
                    request, from: context.clientKey, scope: scope, entitlement: entitlement, whileSuspended: whileSuspended)
                context.tenant = tenant
                context.telemetry.tenantID = tenant.id
                context.logger[metadataKey: "tenant_id"] = .string(tenant.id.description)
                let slot = try await tenantConcurrency.enter(tenant.id)
                usage?.count(tenant.id, key: tenant.keyID)
                // Held to the end of this request at least (an optimised build may otherwise free it
                // right after its last use, before the handler runs).
                defer { withExtendedLifetime(slot) {} }
                var response = try await handler(request, context)
                response.headers.append(contentsOf: rateLimitHeaders)
                if response.body.contentLength == nil {
                    // A streamed body does its work after the handler returns: it keeps the slot.
                    let body = response.body
                    response.body = ResponseBody { writer in
                        try await body.write(writer)
                        withExtendedLifetime(slot) {}
                    }
                }
                return response
            }
        }
    }

    /// No resource name or parameter can hold U+0000 (PostgreSQL cannot store it), so a URL that
    /// carries one is refused before any route reads it.
    static func refuseEncodedNUL(in request: Request) throws {
        guard request.uri.description.contains("%00") else { return }
        throw PorticoError.invalidRequest("The URL holds an encoded NUL (%00), which no path segment or parameter may contain.")
    }

    /// The methods a known path answers, with 405 where it has no route for them. QUERY (a draft
    /// safe method with a body) is among them because clients and fuzzers already send it.
    static let answeredMethods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!]

    /// Adds the 405 answers; call once after every module registered its routes.
    public func finish() {
        for path in pathOrder {
            let allowed = methodsByPath[path] ?? []
            let allowHeader = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            for method in Self.answeredMethods where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw PorticoError(
                        status: 405, code: "method_not_allowed", title: "Method not allowed",
                        detail: "\(method.rawValue) is not allowed here; use \(allowHeader).",
                        headers: ["Allow": allowHeader])
                }
            }
        }
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}

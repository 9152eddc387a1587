import Hummingbird
import Logging
import PorticoGateway
import PorticoProvisioning
import PorticoSeam
import PorticoStore
import ServiceLifecycle

/// The composition root of `portico serve`: the gateway, every module's routes, and the services
/// that run beside the HTTP server.
public enum PorticoServer {
    /// The application alone; the caller runs `runtime.client` around it (see `serviceGroup`).
    /// - Parameters:
    ///   - credentials: the credential cache to verify keys with (tests pass one to watch it).
    ///   - addRoutes: extra routes registered after the modules' (tests use it).
    ///   - observer: middleware outside all others, seeing every final response (tests check the contract with it).
    ///   - metersRequests: false leaves out the request usage meter (only `portico bench billing`
    ///     does, to measure what metering costs); a server that bills must meter.
    public static func buildApplication(
        runtime: Runtime, credentials: CredentialCache? = nil, addRoutes: (GatewayRouter) -> Void = { _ in },
        observer: (any MiddlewareProtocol<Request, Response, PorticoRequestContext>)? = nil, metersRequests: Bool = true
    ) throws -> some ApplicationProtocol {
        let settings = runtime.settings
        let credentials = credentials ?? CredentialCache(
            database: runtime.database, plans: runtime.plans, pollInterval: settings.authPollInterval)
        let gateway = Gateway(
            apiKeys: credentials, operators: credentials, defaultBodyLimit: settings.bodyLimitBytes,
            clientAddresses: ClientAddressResolver(trustedProxies: settings.trustedProxies),
            failedCredentialsPerMinute: settings.failedCredentialsPerMinute)
        let router = Router(context: PorticoRequestContext.self)
        if let observer { router.add(middleware: observer) }
        let usage = metersRequests ? RequestUsageMeter(recorder: runtime.usage, logger: runtime.logger) : nil
        let routes = GatewayRouter(
            gateway: gateway, router: router,
            tenantConcurrency: TenantConcurrency(
                limit: settings.tenantConcurrency, maximumWait: settings.databaseLimits.maximumConnectionWait),
            usage: usage, isUnavailable: Database.isUnavailable)

        let queue = JobQueue(database: runtime.database)
        let modules = try runtime.modules(queue: queue)
        let openAPI = try OpenAPIController(fragments: [HealthController.openAPI] + modules.openAPIFragments)
        routes.group(HealthController.routeGroup) { routes in
            HealthController(database: runtime.database, migrator: runtime.migrator, registry: MetricsSetup.registry())
                .addRoutes(to: routes)
            openAPI.addRoutes(to: routes)
        }
        modules.addRoutes(to: routes)
        addRoutes(routes)
        routes.finish()

        var services: [any Service] = [credentials]
        if let usage { services.append(usage) }
        services.append(QueueMetricsSampler(queue: queue, logger: runtime.logger, poolSize: settings.databaseMaxConnections))
        services += modules.services(for: .server)
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .init(settings.httpIdleTimeout))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "portico"),
            services: services,
            logger: runtime.logger
        )
    }

    /// `portico serve`: the database pool, then the application, which therefore stops first on
    /// SIGTERM/SIGINT, finishing in-flight requests while the pool is still up.
    public static func serviceGroup(runtime: Runtime) throws -> ServiceGroup {
        ServiceGroup(configuration: .init(
            services: [.init(service: runtime.client), .init(service: try buildApplication(runtime: runtime))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: runtime.logger
        ).withGrace(runtime.settings.shutdownGrace))
    }
}

import Hummingbird
import Logging
import PorticoCatalog
import PorticoGateway
import PorticoProvisioning
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
    public static func buildApplication(
        runtime: Runtime, credentials: CredentialCache? = nil, addRoutes: (GatewayRouter) -> Void = { _ in },
        observer: (any MiddlewareProtocol<Request, Response, PorticoRequestContext>)? = nil
    ) -> some ApplicationProtocol {
        let settings = runtime.settings
        let credentials = credentials ?? CredentialCache(database: runtime.database, pollInterval: settings.authPollInterval)
        let gateway = Gateway(
            apiKeys: credentials, operators: credentials, defaultBodyLimit: settings.bodyLimitBytes,
            clientAddresses: ClientAddressResolver(trustedProxies: settings.trustedProxies),
            failedCredentialsPerMinute: settings.failedCredentialsPerMinute)
        let router = Router(context: PorticoRequestContext.self)
        if let observer { router.add(middleware: observer) }
        router.addGatewayMiddleware(isUnavailable: Database.isUnavailable)
        let routes = GatewayRouter(gateway: gateway, router: router, tenantConcurrency: TenantConcurrency(
            limit: settings.tenantConcurrency, maximumWait: settings.databaseLimits.maximumConnectionWait))

        let queue = JobQueue(database: runtime.database)
        HealthController(database: runtime.database, migrator: runtime.migrator, registry: MetricsSetup.registry())
            .addRoutes(to: routes)
        let provisioning = ProvisioningModule(
            database: runtime.database, tenantMigrations: runtime.migrations.tenant, queue: queue,
            signupsPerMinute: settings.signupsPerMinute)
        provisioning.addRoutes(to: routes)
        runtime.catalogModule(queue: queue).addRoutes(to: routes)
        OpenAPIController(fragments: [CatalogModule.openAPI, ProvisioningModule.openAPI, HealthController.openAPI]).addRoutes(to: routes)
        addRoutes(routes)
        routes.finish()

        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .init(settings.httpIdleTimeout))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "portico"),
            services: [
                credentials,
                QueueMetricsSampler(queue: queue, logger: runtime.logger, poolSize: settings.databaseMaxConnections),
            ],
            logger: runtime.logger
        )
    }

    /// `portico serve`: the database pool, then the application, which therefore stops first on
    /// SIGTERM/SIGINT, finishing in-flight requests while the pool is still up.
    public static func serviceGroup(runtime: Runtime) -> ServiceGroup {
        ServiceGroup(configuration: .init(
            services: [.init(service: runtime.client), .init(service: buildApplication(runtime: runtime))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: runtime.logger
        ).withGrace(runtime.settings.shutdownGrace))
    }
}

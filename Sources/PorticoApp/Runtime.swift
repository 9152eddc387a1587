import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoOutbound
import PorticoSeam
import PorticoStore
import PostgresNIO

/// What every Portico process shares: settings, the pooled PostgreSQL client (a service that must
/// be run), and what the module list declares: migrations, plans, tenant-deletion steps.
public struct Runtime: Sendable {
    public let settings: Settings
    public let client: PostgresClient
    public let database: Database
    public let migrations: MigrationSources
    public let plans: PlanBook
    public let tenantDeletion: TenantDeletionSteps
    public let usage: any UsageRecorder
    /// Every meter usage is reported under: the gateway's and each module's.
    public let meters: [Meter]
    public let logger: Logger

    public init(settings: Settings, role: String) throws {
        LogSetup.bootstrap(level: settings.logLevel, format: settings.logFormat)
        _ = MetricsSetup.registry()
        var logger = LogSetup.logger("portico.\(role)", level: settings.logLevel)
        logger[metadataKey: "process"] = .string(role)
        self.settings = settings
        self.logger = logger
        logger.info("database \(settings.databaseURL)")
        let modules = settings.modules.map(\.type)
        self.migrations = try MigrationSources.load(root: settings.migrationsPath, modules: modules.map { $0.id })
        self.plans = try PlanBook(terms: modules.map { $0.planTerms })
        self.meters = [RequestUsageMeter.meter] + modules.flatMap { $0.meters }
        self.tenantDeletion = TenantDeletionSteps(modules.map { module in
            (module: module.id, step: { tenant, connection, logger in
                try await module.deleteTenantData(tenant, on: connection, logger: logger)
            })
        })
        let configuration = try settings.databaseURL.clientConfiguration(
            maximumConnections: settings.databaseMaxConnections, applicationName: "portico-\(role)")
        // The pool logs each failed connection attempt at info, for ever while the database is down,
        // and again for attempts cut short at shutdown; DatabaseReachability says what matters once.
        var poolLogger = logger
        poolLogger.logLevel = max(settings.logLevel, .warning)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.database = Database(client: client, logger: logger, limits: settings.databaseLimits)
        self.usage = UsageLedger(database: database)
    }

    /// The one client through which every module reaches tenant-given URLs.
    public var outbound: any OutboundHTTP {
        GuardedHTTPClient(
            policy: OutboundPolicy(allowLoopback: settings.outboundAllowLoopback, allowPrivate: settings.outboundAllowPrivate),
            logger: logger)
    }

    /// The client for URLs only the operator configures (the default model endpoints).
    public var operatorOutbound: any OutboundHTTP {
        GuardedHTTPClient(policy: OutboundPolicy(allowLoopback: true, allowPrivate: true), logger: logger)
    }

    /// The modules of the settings' list, built for one process around `queue`.
    public func modules(queue: JobQueue) throws -> ComposedModules {
        try ComposedModules(settings.modules, runtime: self, queue: queue)
    }

    public var migrator: Migrator {
        Migrator(database: database, sources: migrations, parallelism: settings.migrationParallelism)
    }

    /// Runs `body` with the client's connection pool running, then shuts the pool down.
    public func withRunningClient<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            // Lets the pool start before the first lease, which it would otherwise warn about.
            try await Task.sleep(for: .milliseconds(10))
            return try await body()
        }
    }
}

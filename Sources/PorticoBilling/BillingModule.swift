import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Billing as a module of the seam: the usage every module reports, priced by versioned plans,
/// turned into one invoice per tenant and period exactly once, announced by signed webhooks.
public struct BillingModule: PorticoModule {
    public static let id = "billing"
    public typealias Settings = BillingSettings

    public static let settings = BillingSettings.descriptions
    public static func readSettings(_ reader: SettingsReader) -> BillingSettings { BillingSettings.read(reader) }

    public static let meters = [BillingMeters.seats, BillingMeters.catalogEntities]
    public static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/v1/billing/", "/admin/v1/billing/"])
    public static let openAPI = OpenAPIFragment(owner: id, parts: [BillingOpenAPIPaths.yaml, BillingOpenAPIComponents.yaml, WebhookOpenAPI.paths, WebhookOpenAPI.components])

    let database: Database
    let queue: JobQueue
    let moduleSettings: BillingSettings
    let service: BillingService
    let prices: PriceBookStore
    let tenants: any TenantDirectory
    let sampler: EntitySampler
    let webhooks: WebhookDispatcher

    public init(context: ModuleContext<BillingSettings>) {
        database = context.database
        queue = context.queue
        moduleSettings = context.settings
        tenants = context.tenants
        let prices = PriceBookStore(database: context.database)
        self.prices = prices
        let policy = BillingPolicy(context.settings)
        let composer = InvoiceComposer(prices: prices)
        let pass = TenantBillingPass(composer: composer, accounts: context.accounts, policy: policy)
        let lifecycle = SubscriptionLifecycle(database: context.database, pass: pass)
        let invoices = InvoiceActions(database: context.database, accounts: context.accounts, audit: context.audit, issuer: policy.issuer)
        // A tenant's pass is some twenty short statements, so the run waits on round trips more
        // than on either CPU: 8 tenants at once billed 265 tenants/s where 4 billed 220 (`portico
        // bench billing`, 2 cores).
        let run = BillingRun(
            database: context.database, pass: pass, subscriptions: lifecycle, invoices: invoices, payments: ManualPayments(),
            parallelism: 8)
        service = BillingService(
            database: context.database, lifecycle: lifecycle, composer: composer, invoices: invoices, run: run,
            clocks: TenantClocks(database: context.database), audit: context.audit, meters: Self.meters, issuer: policy.issuer)
        webhooks = WebhookDispatcher(
            database: context.database, outbound: context.outbound, attemptTimeout: context.settings.webhookDeliveryTimeout)
        sampler = EntitySampler(accounts: context.accounts, catalog: context.catalog, usage: context.usage, logger: context.logger)
    }

    public func addRoutes(to routes: GatewayRouter) {
        BillingController(service: service).addRoutes(to: routes)
        WebhookController(database: database).addRoutes(to: routes)
        BillingAdminController(
            service: service, prices: prices, migration: PlanMigration(database: database, prices: prices, audit: service.audit), tenants: tenants
        ).addRoutes(to: routes)
    }

    public func registerJobs(in jobs: inout JobRegistry) {
        let service = self.service, sampler = self.sampler
        jobs.register(BillingJobs.run) { _, _ in
            let started = ContinuousClock.now
            let report = try await service.run.run(dryRun: false)
            BillingMetrics.record(report, took: ContinuousClock.now - started)
            if report.failures > 0 { service.logger.warning("billing run finished with failures", metadata: ["failures": "\(report.failures)"]) }
        }
        jobs.schedule(BillingJobs.run, every: moduleSettings.runInterval)
        let thresholds = UsageThresholds(database: database)
        jobs.register(BillingJobs.usageThresholds) { _, _ in try await thresholds.check() }
        jobs.schedule(BillingJobs.usageThresholds, every: moduleSettings.runInterval)
        jobs.register(BillingJobs.sampleEntities) { _, _ in try await sampler.sample() }
        jobs.schedule(BillingJobs.sampleEntities, every: .seconds(3_600))
        WebhookJobs.register(in: &jobs, dispatcher: webhooks)
    }

    public func tenantCreated(_ tenant: NewTenant, on connection: PostgresConnection, logger: Logger) async throws {
        try await service.lifecycle.start(tenant, on: connection, logger: logger)
    }

    public var offersTrialsOfPaidPlans: Bool { true }

    /// One billing run over the whole fleet, as the scheduled job runs it; for `portico bench
    /// billing`, which times it without a job queue in between.
    public func runBilling(dryRun: Bool) async throws -> BillingRunReport {
        try await service.run.run(dryRun: dryRun)
    }
}

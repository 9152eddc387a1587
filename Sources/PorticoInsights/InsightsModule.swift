import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Insights as a module of the seam: Backstage analytics events in, adoption reports out, fresh
/// within a minute, sliced by the catalog's teams, pseudonymous by default.
public struct InsightsModule: PorticoModule {
    public static let id = "insights"

    public static let entitlement = Entitlement("insights")
    public static let eventsMeter = Meter("insights.events")
    /// Events a tenant may store per UTC day (by when they happened).
    public static let maxEventsPerDay = PlanLimit("maxInsightsEventsPerDay")

    public struct Settings: Sendable {
        /// How long events may wait before a rollup takes them (the freshness of reports).
        let rollupPeriod: Duration
        let retentionSweepInterval: Duration
        let merge: RollupMerge.Policy
    }

    public static let settings: [SettingDescription] = [
        .init(key: "rollupPeriodSeconds", defaultValue: "5",
              meaning: "how often, at most, a tenant's new events are rolled up into its reports (1-50 s)"),
        .init(key: "retentionSweepMinutes", defaultValue: "60",
              meaning: "how often events past each tenant's retention are deleted (1-1440 minutes)"),
        .init(key: "mergeAfterRows", defaultValue: "250000",
              meaning: "per-user rollup rows a tenant's runs may append before they are merged (1-100000000)"),
        .init(key: "mergeAfterMinutes", defaultValue: "10",
              meaning: "at most how long a tenant's appended per-user rollup rows wait to be merged (1-1440 minutes)"),
    ]

    public static func readSettings(_ reader: SettingsReader) -> Settings {
        Settings(
            rollupPeriod: .seconds(reader.integer("rollupPeriodSeconds", in: 1...50)),
            retentionSweepInterval: .seconds(60 * reader.integer("retentionSweepMinutes", in: 1...1_440)),
            merge: RollupMerge.Policy(
                afterRows: Int64(reader.integer("mergeAfterRows", in: 1...100_000_000)),
                afterTime: .seconds(60 * reader.integer("mergeAfterMinutes", in: 1...1_440))))
    }

    public static let planTerms = PlanTerms(
        entitlements: [entitlement: ["team", "enterprise"]],
        limits: [maxEventsPerDay: ["free": 0, "team": 2_000_000, "enterprise": 50_000_000]])
    public static let meters = [eventsMeter]
    public static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/api/insights/"])
    public static let openAPI = OpenAPIFragment(
        owner: id, parts: [InsightsOpenAPIPaths.yaml, InsightsOpenAPIComponents.yaml])

    public static func deleteTenantData(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await InsightsSettingsStore.delete(tenant, on: connection, logger: logger)
    }

    let database: Database
    let queue: JobQueue
    let tenants: any TenantDirectory
    let usage: any UsageRecorder
    let settingsStore: InsightsSettingsStore
    let ingestion: EventIngestion
    let reports: InsightsReports
    let erasure: UserErasure
    let moduleSettings: Settings

    public init(context: ModuleContext<Settings>) {
        database = context.database
        queue = context.queue
        tenants = context.tenants
        usage = context.usage
        moduleSettings = context.settings
        settingsStore = InsightsSettingsStore(database: context.database)
        ingestion = EventIngestion(
            database: context.database, settings: settingsStore, quota: DailyEventQuota(database: context.database),
            trigger: RollupTrigger(queue: context.queue, period: context.settings.rollupPeriod))
        reports = InsightsReports(database: context.database, people: CachedPeople(directory: context.people), settings: settingsStore)
        erasure = UserErasure(database: context.database, queue: context.queue)
    }

    public func addRoutes(to routes: GatewayRouter) {
        InsightsController(ingestion: ingestion, reports: reports, settings: settingsStore, erasure: erasure).addRoutes(to: routes)
    }

    public func registerJobs(in jobs: inout JobRegistry) {
        let rollups = RollupJob(
            rollup: EventRollup(database: database), tenants: tenants, usage: usage, period: moduleSettings.rollupPeriod,
            mergePolicy: moduleSettings.merge)
        let retention = RetentionPolicy(database: database, settings: settingsStore)
        jobs.register(InsightsJobs.rollup) { payload, context in
            try await rollups.run(for: payload.tenantID, context: context)
        }
        let merge = RollupMerge(database: database)
        jobs.register(InsightsJobs.mergeRollups) { payload, _ in
            guard try await isLive(payload.tenantID) else { return }
            try await merge.merge(for: payload.tenantID)
        }
        jobs.register(InsightsJobs.eraseUserEvents) { payload, _ in
            guard try await isLive(payload.tenantID) else { return }
            try await erasure.deleteEvents(of: payload.userKeys, for: payload.tenantID)
        }
        jobs.register(InsightsJobs.applyRetention) { payload, _ in
            guard try await isLive(payload.tenantID) else { return }
            try await retention.apply(for: payload.tenantID)
        }
        jobs.register(InsightsJobs.retentionSweep) { _, _ in
            try await enqueueForEveryTenant(InsightsJobs.applyRetention, uniqueKeyPrefix: "insights.retention")
        }
        jobs.schedule(InsightsJobs.retentionSweep, every: moduleSettings.retentionSweepInterval)
        let seats = SeatReport(database: database, usage: usage)
        jobs.register(InsightsJobs.reportSeats) { payload, _ in
            guard try await isLive(payload.tenantID) else { return }
            try await seats.report(for: payload.tenantID)
        }
        jobs.register(InsightsJobs.seatSweep) { _, _ in
            try await enqueueForEveryTenant(InsightsJobs.reportSeats, uniqueKeyPrefix: "insights.seats")
        }
        jobs.schedule(InsightsJobs.seatSweep, every: .seconds(3_600))
    }

    /// A job per tenant that has used Insights (one waiting at a time per tenant).
    private func enqueueForEveryTenant(_ kind: JobKind<InsightsJobs.TenantPayload>, uniqueKeyPrefix: String) async throws {
        for tenant in try await settingsStore.tenants() {
            try await queue.enqueue(kind, InsightsJobs.TenantPayload(tenantID: tenant), uniqueKey: "\(uniqueKeyPrefix):\(tenant)")
        }
    }

    /// Jobs of a tenant that is gone (or going) have nothing left to do.
    private func isLive(_ tenant: TenantID) async throws -> Bool {
        guard let snapshot = try await tenants.snapshot(of: tenant) else { return false }
        return snapshot.status == .active || snapshot.status == .suspended
    }
}

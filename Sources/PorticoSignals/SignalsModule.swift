import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Signals as a module of the seam: CI/CD runs by webhook, Kubernetes workloads pulled or pushed,
/// and cloud cost pushed as FOCUS rows, tied to catalog entities by their annotations and tags and
/// rolled up to systems, domains and teams.
public struct SignalsModule: PorticoModule {
    public static let id = "signals"
    public typealias Settings = SignalsSettings

    /// Every plan has signals; the plans differ in history and sources.
    public static let entitlement = Entitlement("signals")
    public static let maxWebhooks = PlanLimit("maxSignalsWebhooks")
    public static let maxClusters = PlanLimit("maxSignalsClusters")
    public static let runRetentionDays = PlanLimit("signalsRunRetentionDays")
    public static let rollupRetentionDays = PlanLimit("signalsRollupRetentionDays")

    public static let planTerms = PlanTerms(
        entitlements: [entitlement: ["free", "team", "enterprise"]],
        limits: [
            maxWebhooks: ["free": 3, "team": 25, "enterprise": 250],
            maxClusters: ["free": 1, "team": 10, "enterprise": 100],
            runRetentionDays: ["free": 30, "team": 90, "enterprise": 90],
            rollupRetentionDays: ["free": 90, "team": 395, "enterprise": 395],
        ])
    public static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/api/signals/"])
    public static let settings = SignalsSettings.descriptions
    public static let openAPI = OpenAPIFragment(owner: id, parts: [SignalsOpenAPIPaths.yaml, SignalsOpenAPIComponents.yaml])

    public static func readSettings(_ reader: SettingsReader) -> SignalsSettings { SignalsSettings.read(reader) }

    /// The hooks, clusters and settings in control; the tenant's
    /// `signals` table goes with its schema.
    public static func deleteTenantData(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute("DELETE FROM control.signals_hooks WHERE tenant_id = \(tenant.uuid)", logger: logger)
        try await connection.execute("DELETE FROM control.signals_clusters WHERE tenant_id = \(tenant.uuid)", logger: logger)
        try await connection.execute("DELETE FROM control.signals_tenants WHERE tenant_id = \(tenant.uuid)", logger: logger)
    }

    let moduleSettings: SignalsSettings
    let database: Database
    let queue: JobQueue
    let tenants: any TenantDirectory
    let hooks: HookStore
    let ingestion: DeliveryIngestion
    let views: EntityViews
    let failing: FailingReader
    let costs: CostIngestion
    let settingsStore: SignalsSettingsStore
    let clusters: ClusterStore
    let clusterSync: ClusterSync

    public init(context: ModuleContext<SignalsSettings>) {
        moduleSettings = context.settings
        database = context.database
        queue = context.queue
        tenants = context.tenants
        hooks = HookStore(database: context.database, sealer: context.settings.keySealer, publicBaseURL: context.settings.publicBaseURL)
        ingestion = DeliveryIngestion(runs: RunStore(database: context.database), catalog: context.catalog, tenants: context.tenants)
        views = EntityViews(reader: SignalsReader(database: context.database, pastDaysLifetime: context.settings.rollupPastDaysLifetime), catalog: context.catalog, people: context.people)
        failing = FailingReader(database: context.database)
        settingsStore = SignalsSettingsStore(database: context.database)
        costs = CostIngestion(database: context.database, catalog: context.catalog, settings: settingsStore)
        clusters = ClusterStore(database: context.database, sealer: context.settings.keySealer)
        clusterSync = ClusterSync(
            clusters: clusters, catalog: context.catalog, workloads: WorkloadStore(database: context.database),
            lister: KubernetesLister(outbound: context.outbound), deadline: context.settings.clusterDeadline)
    }

    public func addRoutes(to routes: GatewayRouter) {
        HookController(hooks: hooks, cache: HookCache(store: hooks), ingestion: ingestion).addRoutes(to: routes)
        SignalsController(views: views, failing: failing, costs: costs, settings: settingsStore).addRoutes(to: routes)
        ClusterController(clusters: clusters, sync: clusterSync).addRoutes(to: routes)
    }

    public func registerJobs(in jobs: inout JobRegistry) {
        jobs.register(SignalsJobs.syncCluster) { payload, _ in
            guard try await tenants.snapshot(of: payload.tenantID)?.status == .active else { return }
            try await clusterSync.pull(payload.clusterID, tenant: payload.tenantID)
        }
        jobs.register(SignalsJobs.clusterSweep) { _, _ in
            for (tenant, cluster) in try await clusters.pulledClusters() {
                try await queue.enqueue(
                    SignalsJobs.syncCluster, SignalsJobs.ClusterPayload(tenantID: tenant, clusterID: cluster),
                    uniqueKey: "signals.cluster:\(cluster)")
            }
        }
        jobs.schedule(SignalsJobs.clusterSweep, every: moduleSettings.clusterSyncPeriod)
        let retention = SignalsRetention(database: database)
        jobs.register(SignalsJobs.applyRetention) { payload, _ in
            guard let tenant = try await tenants.snapshot(of: payload.tenantID), tenant.status == .active || tenant.status == .suspended else { return }
            try await retention.apply(for: payload.tenantID, entitlements: tenant.entitlements)
        }
        jobs.register(SignalsJobs.retentionSweep) { _, _ in
            for tenant in try await tenants.activeTenants(entitledTo: Self.entitlement) {
                try await queue.enqueue(
                    SignalsJobs.applyRetention, SignalsJobs.TenantPayload(tenantID: tenant), uniqueKey: "signals.retention:\(tenant)")
            }
        }
        jobs.schedule(SignalsJobs.retentionSweep, every: moduleSettings.retentionSweepInterval)
    }
}

import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore

/// Tenants, sign-ups, provisioning, keys and the admin API, as a module of the seam. It answers
/// the other modules' questions about tenants (`TenantDirectory`) and runs their deletion steps.
public struct ProvisioningModule: PorticoModule {
    public static let id = "provisioning"

    public static let maxAPIKeys = PlanLimit("maxAPIKeys")

    public struct Settings: Sendable {
        public let signupsPerMinute: Int
        public let distributeSchemas: Bool
    }

    public static let settings: [SettingDescription] = [
        .init(key: "signupsPerMinute", defaultValue: "10",
              meaning: "signups allowed per client address (see `http.trustedProxies`) per minute (1-1000000)"),
        .init(key: "distributeSchemas", defaultValue: "false",
              meaning: "on a Citus cluster with schema-based sharding, make each new tenant schema a distributed schema (`citus_schema_distribute`) at provisioning"),
    ]

    public static func readSettings(_ reader: SettingsReader) -> Settings {
        Settings(
            signupsPerMinute: reader.integer("signupsPerMinute", in: 1...1_000_000),
            distributeSchemas: reader.boolean("distributeSchemas"))
    }

    public static let planTerms = PlanTerms(limits: [
        maxAPIKeys: ["free": 5, "team": 50, "enterprise": 500],
    ])

    public static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/v1/", "/admin/v1/"])

    public let service: TenantService
    let queue: JobQueue
    let signupsPerMinute: Int

    public init(context: ModuleContext<Settings>) {
        self.service = TenantService(
            database: context.database, plans: context.plans, tenantMigrations: context.migrations.tenant,
            tenantDeletion: context.tenantDeletion, tenantCreation: context.tenantCreation,
            distributeSchemas: context.settings.distributeSchemas)
        self.queue = context.queue
        self.signupsPerMinute = context.settings.signupsPerMinute
    }

    public func addRoutes(to routes: GatewayRouter) {
        SignupController(service: service, signupsPerMinute: signupsPerMinute).addRoutes(to: routes)
        TenantController(service: service).addRoutes(to: routes)
        AdminController(service: service, queue: queue, audit: AuditLog(database: service.database)).addRoutes(to: routes)
    }

    public func registerJobs(in jobs: inout JobRegistry) {
        service.registerJobs(in: &jobs)
    }

    public var tenantDirectory: (any TenantDirectory)? { service }
    public var tenantAccounts: (any TenantAccounts)? { service }
    public var auditTrail: (any AuditTrail)? { AuditLog(database: service.database) }
}

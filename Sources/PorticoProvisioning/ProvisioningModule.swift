import PorticoGateway
import PorticoStore

/// The provisioning module as the composition root sees it: its routes and its jobs.
public struct ProvisioningModule: Sendable {
    public let service: TenantService
    let queue: JobQueue
    let signupsPerMinute: Int

    public init(database: Database, tenantMigrations: MigrationSet, queue: JobQueue, signupsPerMinute: Int, distributeSchemas: Bool = false) {
        self.service = TenantService(database: database, tenantMigrations: tenantMigrations, distributeSchemas: distributeSchemas)
        self.queue = queue
        self.signupsPerMinute = signupsPerMinute
    }

    public func addRoutes(to routes: GatewayRouter) {
        SignupController(service: service, signupsPerMinute: signupsPerMinute).addRoutes(to: routes)
        TenantController(service: service).addRoutes(to: routes)
        AdminController(service: service, queue: queue, audit: AuditLog(database: service.database)).addRoutes(to: routes)
    }

    public func registerJobs(in registry: inout JobRegistry) {
        service.registerJobs(in: &registry)
    }
}

import PorticoCore
import PorticoGateway
import PorticoStore

/// The catalog module as the composition root sees it: its routes and its jobs.
public struct CatalogModule: Sendable {
    public let service: CatalogService
    let database: Database
    let queue: JobQueue
    let fetcher: DescriptorFetcher

    public init(database: Database, queue: JobQueue, outbound: any OutboundHTTP) {
        self.database = database
        self.service = CatalogService(database: database)
        self.queue = queue
        self.fetcher = DescriptorFetcher(outbound: outbound)
    }

    public func addRoutes(to routes: GatewayRouter) {
        CatalogController(service: service).addRoutes(to: routes)
        LocationController(service: service, queue: queue, fetcher: fetcher).addRoutes(to: routes)
    }

    public func registerJobs(in registry: inout JobRegistry, tenants: any TenantDirectory) {
        let refresher = LocationRefresher(database: database, fetcher: fetcher, tenants: tenants)
        registry.register(CatalogJobs.refreshLocation) { payload, context in
            try await refresher.refresh(payload, context: context)
        }
    }
}

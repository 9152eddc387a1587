import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore

/// The software catalog as a module of the seam: Backstage's catalog API, provider pushes, and
/// locations refreshed by workers.
public struct CatalogModule: PorticoModule {
    public static let id = "catalog"

    public static let maxEntities = PlanLimit("maxEntities")
    public static let maxLocations = PlanLimit("maxLocations")

    public static let planTerms = PlanTerms(limits: [
        maxEntities: ["free": 1_000, "team": 20_000, "enterprise": 250_000],
        maxLocations: ["free": 20, "team": 500, "enterprise": 10_000],
    ])

    /// Backstage's clients read Backstage's error body.
    public static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/api/catalog/"], errorShape: .backstage)

    public let service: CatalogService
    let database: Database
    let queue: JobQueue
    let fetcher: DescriptorFetcher
    let tenants: any TenantDirectory
    public let peopleDirectory: (any PeopleDirectory)?
    public let catalogKnowledge: (any CatalogKnowledge)?

    public init(context: ModuleContext<NoSettings>) {
        self.database = context.database
        self.service = CatalogService(
            database: context.database, postingRequests: PostingKeyRequests(queue: context.queue, logger: context.database.logger))
        self.queue = context.queue
        self.fetcher = DescriptorFetcher(outbound: context.outbound)
        self.tenants = context.tenants
        self.peopleDirectory = CatalogPeopleDirectory(database: context.database)
        self.catalogKnowledge = CatalogKnowledgeFeed(database: context.database)
    }

    public func addRoutes(to routes: GatewayRouter) {
        CatalogController(service: service).addRoutes(to: routes)
        LocationController(service: service, queue: queue, fetcher: fetcher).addRoutes(to: routes)
    }

    public func registerJobs(in jobs: inout JobRegistry) {
        let refresher = LocationRefresher(database: database, fetcher: fetcher, tenants: tenants)
        jobs.register(CatalogJobs.refreshLocation) { payload, context in
            try await refresher.refresh(payload, context: context)
        }
        let learner = PostingKeyLearner(database: database)
        jobs.register(CatalogJobs.learnPostings) { [tenants] payload, context in
            guard let snapshot = try await tenants.snapshot(of: payload.tenantID), snapshot.status == .active || snapshot.status == .suspended else { return }
            let outcome = try await learner.learn(payload.key, tenant: payload.tenantID)
            context.logger.info("a search key's postings decided", metadata: ["tenant": "\(payload.tenantID)", "key": "\(payload.key)", "outcome": "\(outcome)"])
        }
    }
}

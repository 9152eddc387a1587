import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// AiKA as a module of the seam: the tenant's catalog and documents as knowledge, questions
/// answered only from it with citations, and the unanswered ones turned into work for owners.
public struct AikaModule: PorticoModule {
    public static let id = "aika"

    public static let entitlement = Entitlement("aika")
    public static let questionsMeter = Meter("aika.questions")
    public static let tokensMeter = Meter("aika.tokens")

    /// Passages of pushed and fetched documents a tenant may keep (entities count against the
    /// catalog's `maxEntities`).
    public static let maxDocumentPassages = PlanLimit("maxAikaDocumentPassages")

    public static let planTerms = PlanTerms(
        entitlements: [entitlement: ["enterprise"]],
        limits: [maxDocumentPassages: ["free": 0, "team": 0, "enterprise": 500_000]])
    public static let meters = [questionsMeter, tokensMeter]
    public static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/api/aika/"])
    public static let settings = AikaSettings.descriptions
    public static let openAPI = OpenAPIFragment(owner: id, parts: [AikaOpenAPIPaths.yaml, AikaOpenAPIComponents.yaml])

    public static func readSettings(_ reader: SettingsReader) -> AikaSettings {
        AikaSettings.read(reader)
    }

    public static func deleteTenantData(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await AikaTenantStore.delete(tenant, on: connection, logger: logger)
    }

    let moduleSettings: AikaSettings
    let database: Database
    let queue: JobQueue
    let tenants: any TenantDirectory
    let tenantStore: AikaTenantStore
    let catalogSync: CatalogSync
    let techdocs: TechdocsIndexer
    let embedder: PassageEmbedder
    let models: ModelChoice
    let knowledge: KnowledgeStore
    let search: PassageSearch
    let log: QuestionLog
    let asking: AskService
    let reports: AikaReports
    let documents: DocumentService

    public init(context: ModuleContext<AikaSettings>) {
        moduleSettings = context.settings
        database = context.database
        queue = context.queue
        tenants = context.tenants
        tenantStore = AikaTenantStore(database: context.database)
        let store = KnowledgeStore(database: context.database)
        documents = DocumentService(store: store, database: context.database)
        let queue = context.queue
        catalogSync = CatalogSync(
            catalog: context.catalog, store: store, tenants: tenantStore,
            fetchDocumentation: { tenant, entities in
                for entity in entities {
                    try await queue.enqueue(
                        AikaJobs.fetchDocumentation, AikaJobs.EntityPayload(tenantID: tenant, entityRef: entity),
                        uniqueKey: AikaJobs.fetchKey(tenant, entity))
                }
            },
            logger: context.logger)
        techdocs = TechdocsIndexer(fetcher: TechDocsFetcher(outbound: context.outbound), store: store, logger: context.logger)
        knowledge = store
        let models = ModelChoice(
            tenantStore: tenantStore, sealer: context.settings.keySealer, defaultChat: context.settings.defaultChat,
            defaultEmbeddings: context.settings.defaultEmbeddings)
        let clients = ModelClients(
            tenantConfigured: ModelClient(outbound: context.outbound), operatorConfigured: ModelClient(outbound: context.operatorOutbound))
        let questionCalls = ModelCallLimiter(callsPerMinute: context.settings.modelCallsPerMinute)
        search = PassageSearch(
            database: context.database,
            vectors: QuestionVectors(
                models: models, clients: clients, limiter: questionCalls, deadline: min(context.settings.modelDeadline, .seconds(5)),
                logger: context.logger))
        embedder = PassageEmbedder(
            database: context.database, models: models, clients: clients,
            limiter: ModelCallLimiter(callsPerMinute: context.settings.modelCallsPerMinute),
            deadline: .seconds(60), logger: context.logger)
        self.models = models
        log = QuestionLog(database: context.database)
        reports = AikaReports(database: context.database)
        asking = AskService(
            search: search, catalog: CatalogAnswerer(database: context.database), log: log, usage: context.usage,
            models: models, clients: clients, limiter: questionCalls,
            modelDeadline: context.settings.modelDeadline, logger: context.logger)
    }

    /// Brings the tenant's entity knowledge in step with its catalog now (the worker does it every
    /// `catalogSyncSeconds`); for the CLI and benchmarks.
    public func syncCatalog(_ tenant: TenantID) async throws -> (read: Int, indexed: Int, dropped: Int) {
        let report = try await catalogSync.sync(tenant)
        return (report.read, report.indexed, report.dropped)
    }

    public func addRoutes(to routes: GatewayRouter) {
        AikaController(asking: asking, search: search, log: log).addRoutes(to: routes)
        DocumentController(documents: documents, knowledge: knowledge).addRoutes(to: routes)
        AikaAdminController(tenantStore: tenantStore, reports: reports, sealer: moduleSettings.keySealer, database: database).addRoutes(to: routes)
        AikaMCPRoute(asking: asking, search: search, knowledge: knowledge, catalog: asking.catalog).addRoutes(to: routes)
    }

    public func registerJobs(in jobs: inout JobRegistry) {
        jobs.register(AikaJobs.syncCatalog) { payload, _ in
            guard try await tenants.snapshot(of: payload.tenantID)?.status == .active else { return }
            _ = try await catalogSync.sync(payload.tenantID)
        }
        jobs.register(AikaJobs.syncSweep) { _, _ in
            for tenant in try await tenants.activeTenants(entitledTo: Self.entitlement) {
                try await queue.enqueue(
                    AikaJobs.syncCatalog, AikaJobs.TenantPayload(tenantID: tenant), uniqueKey: "aika.sync:\(tenant)")
            }
        }
        jobs.schedule(AikaJobs.syncSweep, every: moduleSettings.catalogSyncPeriod)
        jobs.register(AikaJobs.fetchDocumentation) { payload, _ in
            guard let tenant = try await tenants.snapshot(of: payload.tenantID), tenant.status == .active else { return }
            try await techdocs.refresh(payload.entityRef, for: payload.tenantID, budget: PassageBudget(tenant.entitlements))
        }
        jobs.register(AikaJobs.documentationSweep) { _, _ in
            for tenant in try await tenants.activeTenants(entitledTo: Self.entitlement) {
                for (entity, _) in try await knowledge.techdocsReferences(for: tenant) {
                    try await queue.enqueue(
                        AikaJobs.fetchDocumentation, AikaJobs.EntityPayload(tenantID: tenant, entityRef: entity),
                        uniqueKey: AikaJobs.fetchKey(tenant, entity))
                }
            }
        }
        jobs.schedule(AikaJobs.documentationSweep, every: moduleSettings.documentRefreshPeriod)
        jobs.register(AikaJobs.embedPassages) { payload, _ in
            guard try await tenants.snapshot(of: payload.tenantID)?.status == .active else { return }
            _ = try await embedder.embedPending(for: payload.tenantID)
        }
        jobs.register(AikaJobs.embeddingsSweep) { _, _ in
            for tenant in try await tenants.activeTenants(entitledTo: Self.entitlement) {
                guard case .endpoint = try await models.embeddings(for: tenant) else { continue }
                try await queue.enqueue(AikaJobs.embedPassages, AikaJobs.TenantPayload(tenantID: tenant), uniqueKey: "aika.embed:\(tenant)")
            }
        }
        jobs.schedule(AikaJobs.embeddingsSweep, every: moduleSettings.catalogSyncPeriod)
        jobs.register(AikaJobs.questionRetention) { _, _ in
            let cutoff = Date().addingTimeInterval(-Double(moduleSettings.questionRetention.components.seconds))
            for tenant in try await tenantStore.tenants() {
                guard let status = try await tenants.snapshot(of: tenant)?.status, status == .active || status == .suspended else { continue }
                _ = try await log.deleteQuestions(askedBefore: cutoff, for: tenant)
            }
        }
        jobs.schedule(AikaJobs.questionRetention, every: .seconds(3_600))
    }
}

import PorticoCore
import PorticoStore

/// AiKA's background work: keeping each tenant's entity knowledge in step with its catalog.
enum AikaJobs {
    struct TenantPayload: TenantScopedPayload {
        let tenantID: TenantID
    }

    struct EntityPayload: TenantScopedPayload {
        let tenantID: TenantID
        let entityRef: String
    }

    static let syncCatalog = JobKind<TenantPayload>("aika.sync-catalog", maxAttempts: 5)
    /// Enqueues `syncCatalog` for every active tenant whose plan includes AiKA.
    static let syncSweep = JobKind<EmptyPayload>("aika.sync-sweep", maxAttempts: 3)
    /// Fetches and indexes one entity's `backstage.io/techdocs-ref`.
    static let fetchDocumentation = JobKind<EntityPayload>("aika.fetch-documentation", maxAttempts: 3)
    /// Enqueues `fetchDocumentation` for every entity with a reference, in every entitled tenant.
    static let documentationSweep = JobKind<EmptyPayload>("aika.documentation-sweep", maxAttempts: 3)

    /// Gives the tenant's passages without a vector one.
    static let embedPassages = JobKind<TenantPayload>("aika.embed-passages", maxAttempts: 3)
    /// Enqueues `embedPassages` for every entitled tenant with an embeddings endpoint.
    static let embeddingsSweep = JobKind<EmptyPayload>("aika.embeddings-sweep", maxAttempts: 3)

    /// Deletes questions past the retention, in every tenant AiKA keeps anything for.
    static let questionRetention = JobKind<EmptyPayload>("aika.question-retention", maxAttempts: 3)

    static func fetchKey(_ tenant: TenantID, _ entity: String) -> String { "aika.docs:\(tenant):\(entity)" }
}

import Foundation
import Logging
import PorticoCore

/// Fetches an entity's documentation (its `backstage.io/techdocs-ref`) through the guarded
/// client and makes its pages the entity's fetched documents, all or nothing: a fetch with a
/// failed page keeps the last complete index and records the problem on the entity.
struct TechdocsIndexer: Sendable {
    let fetcher: TechDocsFetcher
    let store: KnowledgeStore
    let logger: Logger

    func refresh(_ entity: String, for tenant: TenantID, budget: PassageBudget) async throws {
        guard let reference = try await store.techdocsReference(of: entity, for: tenant) else {
            try await store.deleteTechdocs(of: [entity], for: tenant)
            return
        }
        let result: TechDocsFetchResult
        do {
            result = try await fetcher.fetch(reference: reference)
        } catch {
            try await failed(entity, tenant: tenant, problem: error.description)
            return
        }
        guard result.isComplete else {
            let failures = result.failures.prefix(3).map(\.description).joined(separator: "; ")
            try await failed(entity, tenant: tenant, problem: "\(result.failures.count) of the documentation's pages could not be fetched: \(failures)")
            return
        }
        let sources: [KnowledgeSource]
        do {
            sources = try result.pages.map { page in
                try DocumentIndexer.source(
                    id: KnowledgeSource.techdocsID(entity: entity, page: page.url.path), origin: .techdocs, provider: entity,
                    version: ContentVersion.of([page.url.absoluteString, page.title, page.markdown]), title: page.title, url: page.url.absoluteString, entityRef: entity,
                    markdown: page.markdown)
            }
        } catch let problem as PorticoError {
            try await failed(entity, tenant: tenant, problem: problem.detail)
            return
        }
        let outcome: (written: Int, deleted: Int)
        do {
            outcome = try await store.replaceSet(sources, origin: .techdocs, provider: entity, within: budget, for: tenant)
        } catch let problem as PorticoError {
            try await failed(entity, tenant: tenant, problem: problem.detail)
            return
        }
        try await store.recordTechdocsProblem(nil, of: entity, for: tenant)
        if outcome.written > 0 || outcome.deleted > 0 {
            logger.info("aika documentation indexed", metadata: [
                "tenant": "\(tenant)", "entity": "\(entity)", "pages": "\(sources.count)", "changed": "\(outcome.written)",
                "deleted": "\(outcome.deleted)",
            ])
        }
    }

    private func failed(_ entity: String, tenant: TenantID, problem: String) async throws {
        logger.warning("aika documentation not indexed", metadata: ["tenant": "\(tenant)", "entity": "\(entity)", "problem": "\(problem)"])
        try await store.recordTechdocsProblem(String(problem.prefix(2_000)), of: entity, for: tenant)
    }
}

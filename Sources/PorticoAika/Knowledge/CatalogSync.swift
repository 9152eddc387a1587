import Foundation
import Logging
import PorticoCore

/// Keeps a tenant's entity knowledge in step with its catalog: entities written since the last
/// sync are indexed again (those whose etag did not change cost a lookup, not a write), and when
/// the number of indexed entities differs from the catalog's, the missing refs are dropped.
///
/// Writes are read from a little before the saved position: a catalog transaction that began
/// before the position but committed after it has an earlier write time, and would otherwise be
/// missed. Such an entity that still slips past is caught by the count check, which compares
/// the two sets whenever their sizes differ.
struct CatalogSync: Sendable {
    static let pageSize = 500
    static let rereadWindow: TimeInterval = 120

    let catalog: any CatalogKnowledge
    let store: KnowledgeStore
    let tenants: AikaTenantStore
    /// Asks workers to fetch these entities' documentation.
    let fetchDocumentation: @Sendable (TenantID, [String]) async throws -> Void
    let logger: Logger

    struct Report: Sendable, Equatable {
        var read = 0
        var indexed = 0
        var dropped = 0
    }

    func sync(_ tenant: TenantID) async throws -> Report {
        var report = Report()
        let saved = try await tenants.syncPosition(for: tenant)
        let since = saved.map { $0.writtenAt.addingTimeInterval(-Self.rereadWindow) }
        var position: CatalogEntityPosition?
        var newest = saved
        while true {
            try Task.checkCancellation()
            let records = try await catalog.entitiesWritten(since: since, after: position, limit: Self.pageSize, tenant: tenant)
            guard let last = records.last else { break }
            report.read += records.count
            let changes = try await store.replaceReportingChanges(records.map(EntityKnowledge.source(from:)), for: tenant)
            report.indexed += changes.count
            try await followDocumentationReferences(of: changes, tenant: tenant)
            position = last.position
            if newest.map({ last.writtenAt > $0.writtenAt }) ?? true { newest = last.position }
            if records.count < Self.pageSize { break }
        }
        report.dropped = try await dropDeletedEntities(tenant)
        if let newest, newest != saved {
            try await tenants.saveSyncPosition(newest, for: tenant)
        }
        if report.indexed > 0 || report.dropped > 0 {
            logger.info("aika catalog sync", metadata: [
                "tenant": "\(tenant)", "read": "\(report.read)", "indexed": "\(report.indexed)", "dropped": "\(report.dropped)",
            ])
        }
        return report
    }

    /// A new or changed documentation reference is fetched; a removed one takes its pages along.
    private func followDocumentationReferences(of changes: [KnowledgeStore.Change], tenant: TenantID) async throws {
        var fetch: [String] = []
        var drop: [String] = []
        for change in changes {
            guard let entity = change.source.entityRef, change.source.techdocsRef != change.previousTechdocsRef else { continue }
            if change.source.techdocsRef == nil { drop.append(entity) } else { fetch.append(entity) }
        }
        try await store.deleteTechdocs(of: drop, for: tenant)
        if !fetch.isEmpty { try await fetchDocumentation(tenant, fetch) }
    }

    private func dropDeletedEntities(_ tenant: TenantID) async throws -> Int {
        let indexed = try await store.sourceIDs(origin: .catalog, for: tenant)
        guard indexed.count != (try await catalog.entityCount(tenant: tenant)) else { return 0 }
        let live = try await catalog.entityRefs(tenant: tenant)
        let gone = indexed.filter { !live.contains(String($0.dropFirst("entity:".count))) }
        try await store.delete(Array(gone), for: tenant)
        try await store.deleteTechdocs(of: gone.map { String($0.dropFirst("entity:".count)) }, for: tenant)
        return gone.count
    }
}

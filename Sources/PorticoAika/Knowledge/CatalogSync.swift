import Foundation
import Logging
import PorticoCore

/// Keeps a tenant's entity knowledge in step with its catalog: entities written since the last
/// sync are indexed again (those whose etag did not change cost a lookup, not a write), and the
/// indexed refs are compared with the catalog's whenever their numbers differ, and at least
/// hourly: refs gone from the catalog are dropped, refs missing from the knowledge make the
/// next pass read the whole catalog.
///
/// Writes are read from a little before the saved position: a catalog transaction that began
/// before the position but committed after it has an earlier write time, and would otherwise be
/// missed. One that still slips past (a transaction open longer than the window) is found by
/// the comparison.
struct CatalogSync: Sendable {
    static let pageSize = 500
    static let rereadWindow: TimeInterval = 120
    static let reconcileInterval: TimeInterval = 3_600

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
        /// Entities the catalog has that the knowledge lacked (each pass that finds some reads everything).
        var missing = 0
    }

    func sync(_ tenant: TenantID) async throws -> Report {
        var report = Report()
        var state = try await tenants.syncState(for: tenant)
        let saved = state
        state.position = try await indexWrites(since: state.position.map { $0.writtenAt.addingTimeInterval(-Self.rereadWindow) },
                                               newest: state.position, tenant: tenant, report: &report)
        let now = Date()
        let due = state.reconciledAt.map { now.timeIntervalSince($0) >= Self.reconcileInterval } ?? true
        let indexedCount = try await store.sourceCount(origin: .catalog, for: tenant)
        let catalogCount = try await catalog.entityCount(tenant: tenant)
        if due || indexedCount != catalogCount {
            let indexed = try await store.sourceIDs(origin: .catalog, for: tenant)
            let live = try await catalog.entityRefs(tenant: tenant)
            let indexedRefs = Set(indexed.map { String($0.dropFirst("entity:".count)) })
            let gone = indexedRefs.subtracting(live)
            try await store.delete(gone.map(KnowledgeSource.entityID), for: tenant)
            try await store.deleteTechdocs(of: Array(gone), for: tenant)
            report.dropped = gone.count
            report.missing = live.subtracting(indexedRefs).count
            if report.missing > 0 {
                _ = try await indexWrites(since: nil, newest: state.position, tenant: tenant, report: &report)
            }
            state.reconciledAt = now
        }
        if state != saved {
            try await tenants.saveSyncState(state, for: tenant)
        }
        if report.indexed > 0 || report.dropped > 0 || report.missing > 0 {
            logger.info("aika catalog sync", metadata: [
                "tenant": "\(tenant)", "read": "\(report.read)", "indexed": "\(report.indexed)", "dropped": "\(report.dropped)",
                "missing": "\(report.missing)",
            ])
        }
        return report
    }

    /// Indexes every entity written since `since` (every entity when nil); returns the newest
    /// write position seen.
    private func indexWrites(
        since: Date?, newest: CatalogEntityPosition?, tenant: TenantID, report: inout Report
    ) async throws -> CatalogEntityPosition? {
        var position: CatalogEntityPosition?
        var newest = newest
        while true {
            try Task.checkCancellation()
            let records = try await catalog.entitiesWritten(since: since, after: position, limit: Self.pageSize, tenant: tenant)
            guard let last = records.last else { break }
            report.read += records.count
            let changes = try await store.replaceReportingChanges(records.map(EntityKnowledge.source(from:)), for: tenant)
            report.indexed += changes.count
            try await followDocumentationReferences(of: changes, tenant: tenant)
            try await store.refreshDocumentOwners(of: changes.compactMap(\.source.entityRef), for: tenant)
            position = last.position
            if newest.map({ last.writtenAt > $0.writtenAt }) ?? true { newest = last.position }
            if records.count < Self.pageSize { break }
        }
        return newest
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
}

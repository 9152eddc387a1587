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
            report.indexed += try await store.replace(records.map(EntityKnowledge.source(from:)), for: tenant)
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

    private func dropDeletedEntities(_ tenant: TenantID) async throws -> Int {
        let indexed = try await store.sourceIDs(origin: .catalog, for: tenant)
        guard indexed.count != (try await catalog.entityCount(tenant: tenant)) else { return 0 }
        let live = Set(try await catalog.entityRefs(tenant: tenant).map(KnowledgeSource.entityID))
        let gone = Array(indexed.subtracting(live))
        try await store.delete(gone, for: tenant)
        return gone.count
    }
}

import Foundation
import PorticoCore
import PorticoStore

/// Pushed documents: one at a time, or a provider's whole set; read back and listed.
struct DocumentService: Sendable {
    let store: KnowledgeStore
    let database: Database

    func put(_ document: ValidDocument, for tenant: TenantContext) async throws -> DocumentWriteOutcome {
        let source = try DocumentIndexer.source(of: document, provider: nil)
        let written = try await store.replace([source], within: PassageBudget(tenant.entitlements), for: tenant.id)
        return DocumentWriteOutcome(id: document.id, passages: source.passages.count, changed: written > 0)
    }

    func delete(_ id: String, for tenant: TenantID) async throws -> Bool {
        try await store.delete([KnowledgeSource.documentID(id)], for: tenant) > 0
    }

    func replaceSet(_ documents: [ValidDocument], provider: String, for tenant: TenantContext) async throws -> ProviderSetOutcome {
        let sources = try documents.map { try DocumentIndexer.source(of: $0, provider: provider) }
        let outcome = try await store.replaceSet(
            sources, origin: .pushed, provider: provider, within: PassageBudget(tenant.entitlements), for: tenant.id)
        return ProviderSetOutcome(
            provider: provider, documents: documents.count, passages: sources.reduce(0) { $0 + $1.passages.count },
            changed: outcome.written, deleted: outcome.deleted)
    }

    func document(_ id: String, for tenant: TenantID) async throws -> DocumentSummary? {
        try await summaries(sourceID: KnowledgeSource.documentID(id), after: nil, limit: 1, for: tenant).first
    }

    func list(after: String?, limit: Int, for tenant: TenantID) async throws -> DocumentList {
        let items = try await summaries(sourceID: nil, after: after, limit: limit + 1, for: tenant)
        let page = Array(items.prefix(limit))
        return DocumentList(items: page, next: items.count > limit ? page.last.map(Self.cursor) : nil)
    }

    private func summaries(sourceID: String?, after: String?, limit: Int, for tenant: TenantID) async throws -> [DocumentSummary] {
        let afterSource = after.map { $0.hasPrefix("techdocs:") ? $0 : KnowledgeSource.documentID($0) }
        return try await database.withTenantTransaction(tenant) { connection in
            var summaries: [DocumentSummary] = []
            let rows = try await connection.checkedQuery("""
                SELECT p.source_id, p.title, p.url, p.entity_ref, p.owner_ref, p.provider, p.origin,
                       (SELECT count(*)::int FROM aika_passages x WHERE x.source_id = p.source_id), p.updated_at
                FROM aika_passages p
                WHERE p.ordinal = 0 AND p.origin <> 'catalog'
                  AND (\(sourceID)::text IS NULL OR p.source_id = \(sourceID))
                  AND (\(afterSource)::text IS NULL OR p.source_id > \(afterSource))
                ORDER BY p.source_id
                LIMIT \(limit)
                """, logger: database.logger)
            for try await row in rows.decode((String, String, String?, String?, String?, String?, String, Int, Date).self) {
                summaries.append(DocumentSummary(
                    id: Self.documentID(row.0), title: row.1, url: row.2, entityRef: row.3, owner: row.4, provider: row.5,
                    origin: row.6, passages: row.7, updatedAt: row.8))
            }
            return summaries
        }
    }

    /// A pushed document's own id; a fetched page keeps its source id.
    private static func documentID(_ sourceID: String) -> String {
        sourceID.hasPrefix("document:") ? String(sourceID.dropFirst("document:".count)) : sourceID
    }

    private static func cursor(_ summary: DocumentSummary) -> String { summary.id }
}

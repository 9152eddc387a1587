import Foundation
import PorticoCore
import PorticoStore

/// `GET /api/signals/failing`: what is red now in the tenant (failed default-branch runs,
/// crash-looping workloads), newest first.
struct FailingList: Encodable {
    struct Item: Codable {
        let entityRef: String
        let source: String
        let detail: String
        let since: Date
        let url: String?
    }

    let items: [Item]
}

struct FailingReader: Sendable {
    let database: Database

    static let maximumItems = 1_000

    func list(tenant: TenantID) async throws -> FailingList {
        let logger = database.logger
        return try await database.withTenantTransaction(tenant) { connection in
            var items: [FailingList.Item] = []
            let rows = try await connection.checkedQuery("""
                SELECT body::text FROM signals
                WHERE scope = \(SignalScope.failing) AND part = \(SignalPart.failing.rawValue) AND at = \(SignalKey.epoch)
                ORDER BY body->>'since' DESC, key LIMIT \(Self.maximumItems)
                """, logger: logger)
            for try await body in rows.decode(String.self) {
                let item = try SignalJSON.decoder.decode(FailingList.Item.self, from: Data(body.utf8))
                items.append(FailingList.Item(
                    entityRef: item.entityRef, source: item.source, detail: item.detail, since: item.since,
                    url: item.url.flatMap { $0.isEmpty ? nil : $0 }))
            }
            return FailingList(items: items)
        }
    }
}

import Foundation
import Logging
import PorticoCore
import PorticoSeam

/// Reports each live tenant's catalog size once an hour as a `catalog.entities` sample (its key
/// names the hour, so a repeated run in the same hour counts once); billing averages the samples
/// over the period and shows their peak.
struct EntitySampler: Sendable {
    let accounts: any TenantAccounts
    let catalog: any CatalogKnowledge
    let usage: any UsageRecorder
    let logger: Logger

    func sample(at now: Date = Date()) async throws {
        let hour = now.formatted(Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: false)).prefix(13)
        var after: TenantID?
        while true {
            let page = try await accounts.liveAccounts(after: after, limit: 500)
            guard let last = page.last else { return }
            after = last.id
            var records: [UsageRecord] = []
            for account in page where account.status == .active || account.status == .suspended {
                do {
                    let count = try await catalog.entityCount(tenant: account.id)
                    records.append(UsageRecord(
                        tenant: account.id, meter: BillingMeters.catalogEntities, quantity: Int64(count),
                        idempotencyKey: "catalog.entities:\(hour)", occurredAt: now))
                } catch {
                    logger.warning("counting a tenant's entities failed; its sample is skipped this hour", metadata: [
                        "tenant_id": "\(account.id)", "error": "\(error)",
                    ])
                }
            }
            try await usage.record(records)
        }
    }
}

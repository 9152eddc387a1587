import Logging
import PorticoCore
import PostgresNIO

/// How many document passages (pushed and fetched; entities are bounded by the catalog's own
/// limit) a tenant's plan lets it keep. Checked in the write's transaction, before anything is
/// written: the passages that would remain, plus the ones being written, must fit.
struct PassageBudget: Sendable {
    let maximum: Int
    let plan: PlanID

    init(_ entitlements: Entitlements) {
        maximum = entitlements.limit(AikaModule.maxDocumentPassages)
        plan = entitlements.plan
    }

    func check(
        _ sources: [KnowledgeSource], replacingProvider: (origin: KnowledgeSource.Origin, provider: String)?,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let writing = sources.reduce(0) { $0 + $1.passages.count }
        var remaining = 0
        for try await count in try await connection.checkedQuery("""
            SELECT count(*)::int FROM aika_passages
            WHERE origin <> 'catalog' AND NOT (source_id = ANY(\(sources.map(\.id))))
              AND NOT (origin IS NOT DISTINCT FROM \(replacingProvider?.origin.rawValue)
                       AND provider IS NOT DISTINCT FROM \(replacingProvider?.provider))
            """, logger: logger).decode(Int.self) {
            remaining = count
        }
        guard remaining + writing <= maximum else {
            throw PorticoError.planLimitReached(
                plan: plan, allows: "\(maximum) document passages (this write would make \(remaining + writing))",
                advice: "delete documents you no longer need, or ask an operator for a larger plan.")
        }
    }
}

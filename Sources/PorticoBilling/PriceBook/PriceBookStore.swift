import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO
import Synchronization

/// The versioned price book (`control.billing_plan_versions`). A published version never changes,
/// so versions are cached once read; which version is a plan's latest is read each time.
final class PriceBookStore: Sendable {
    let database: Database
    private let versions = Mutex<[VersionKey: PlanPrice]>([:])

    struct VersionKey: Hashable {
        let plan: String
        let version: Int
    }

    init(database: Database) {
        self.database = database
    }

    /// A plan's prices at `version`.
    func price(_ plan: PlanID, version: Int, on connection: PostgresConnection) async throws -> PlanPrice {
        let key = VersionKey(plan: plan.id, version: version)
        if let cached = versions.withLock({ $0[key] }) { return cached }
        guard let price = try await Self.decode(try await connection.checkedQuery("""
            SELECT plan, version, currency, base_fee, meters::text FROM control.billing_plan_versions
            WHERE plan = \(plan.id) AND version = \(version)
            """, logger: database.logger)).first
        else { throw PricingError("The price book has no version \(version) of plan '\(plan)'.") }
        versions.withLock { $0[key] = price }
        return price
    }

    func price(_ plan: PlanID, version: Int) async throws -> PlanPrice {
        try await database.withConnection { try await price(plan, version: version, on: $0) }
    }

    /// Every plan's newest version.
    func latest(on connection: PostgresConnection) async throws -> [PlanID: PlanPrice] {
        let prices = try await Self.decode(try await connection.checkedQuery("""
            SELECT DISTINCT ON (plan) plan, version, currency, base_fee, meters::text FROM control.billing_plan_versions
            ORDER BY plan, version DESC
            """, logger: database.logger))
        return Dictionary(uniqueKeysWithValues: prices.map { (PlanID($0.plan), $0) })
    }

    func latest() async throws -> [PlanID: PlanPrice] {
        try await database.withConnection { try await latest(on: $0) }
    }

    /// Every version of one plan (every plan's when nil), newest first.
    func history(of plan: PlanID?) async throws -> [PlanPrice] {
        try await Self.decode(try await database.query("""
            SELECT plan, version, currency, base_fee, meters::text FROM control.billing_plan_versions
            WHERE \(plan?.id)::text IS NULL OR plan = \(plan?.id)
            ORDER BY plan, version DESC
            """))
    }

    /// Publishes the next version of `price.plan` (its version number is assigned here).
    func publish(_ price: PlanPrice, by actor: String, on connection: PostgresConnection) async throws -> PlanPrice {
        try price.validate()
        let meters = String(decoding: try JSONEncoder().encode(price.meters), as: UTF8.self)
        // One version at a time per plan, so two publishers never take the same number.
        try await connection.checkedQuery("SELECT pg_advisory_xact_lock(hashtext('billing.plan:' || \(price.plan)))", logger: database.logger)
        let rows = try await connection.checkedQuery("""
            INSERT INTO control.billing_plan_versions (plan, version, currency, base_fee, meters, published_at, published_by)
            SELECT \(price.plan), coalesce(max(version), 0) + 1, \(price.currency.code), \(price.baseFee), \(meters)::jsonb, \(Date()), \(actor)
            FROM control.billing_plan_versions WHERE plan = \(price.plan)
            RETURNING plan, version, currency, base_fee, meters::text
            """, logger: database.logger)
        guard let published = try await Self.decode(rows).first else { throw PricingError("The version was not published.") }
        return published
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [PlanPrice] {
        var prices: [PlanPrice] = []
        for try await (plan, version, currency, baseFee, meters) in rows.decode((String, Int, String, Int64, String).self) {
            prices.append(PlanPrice(
                plan: plan, version: version, currency: try Currency(code: currency), baseFee: baseFee,
                meters: try JSONDecoder().decode([MeterPrice].self, from: Data(meters.utf8))))
        }
        return prices
    }
}

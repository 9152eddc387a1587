import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// `control.billing_profiles`.
enum BillingProfileStore {
    static func find(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> BillingProfile? {
        for try await row in try await connection.checkedQuery("""
            SELECT legal_name, email, address, tax_id, tax_rate_basis_points, approved_at, approved_by, updated_at
            FROM control.billing_profiles WHERE tenant_id = \(tenant.uuid)
            """, logger: logger).decode((String, String, String, String, Int, Date?, String?, Date).self) {
            return BillingProfile(
                legalName: row.0, email: row.1, address: row.2, taxId: row.3, taxRateBasisPoints: row.4,
                approvedAt: row.5, approvedBy: row.6, updatedAt: row.7)
        }
        return nil
    }

    /// The tax rate invoices of the tenant carry (none without a profile).
    static func taxRate(of tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await find(tenant, on: connection, logger: logger)?.taxRateBasisPoints ?? 0
    }

    /// The tenant's own details. Changing what invoices are addressed to withdraws an approval.
    static func write(
        _ details: (legalName: String, email: String, address: String, taxId: String), tenant: TenantID, at: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.checkedQuery("""
            INSERT INTO control.billing_profiles AS p (tenant_id, legal_name, email, address, tax_id, updated_at)
            VALUES (\(tenant.uuid), \(details.legalName), \(details.email), \(details.address), \(details.taxId), \(at))
            ON CONFLICT (tenant_id) DO UPDATE
            SET legal_name = excluded.legal_name, email = excluded.email, address = excluded.address, tax_id = excluded.tax_id,
                updated_at = excluded.updated_at,
                approved_at = CASE WHEN (p.legal_name, p.tax_id) = (excluded.legal_name, excluded.tax_id) THEN p.approved_at END,
                approved_by = CASE WHEN (p.legal_name, p.tax_id) = (excluded.legal_name, excluded.tax_id) THEN p.approved_by END
            """, logger: logger)
    }

    /// An operator's approval, with the tax rate invoices will carry; false without a profile.
    static func approve(
        _ tenant: TenantID, taxRateBasisPoints: Int, by actor: String, at: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.checkedQuery("""
            UPDATE control.billing_profiles SET tax_rate_basis_points = \(taxRateBasisPoints), approved_at = \(at),
                approved_by = \(actor), updated_at = \(at)
            WHERE tenant_id = \(tenant.uuid) RETURNING tenant_id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}

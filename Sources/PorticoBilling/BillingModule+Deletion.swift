import Foundation
import Logging
import PorticoCore
import PostgresNIO

extension BillingModule {
    /// A deleted tenant's subscription ends at once (the next run makes the final invoice of the
    /// partial period; invoices are kept, as accounting requires), and its webhook endpoints, their
    /// secrets and pending deliveries go, as does a test clock.
    public static func deleteTenantData(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let now = Date()
        try await connection.checkedQuery("""
            UPDATE control.billing_subscriptions
            SET status = 'canceled', canceled_at = greatest(period_start, \(now)), cancel_at_period_end = false,
                scheduled_plan = NULL, scheduled_version = NULL, updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND status <> 'canceled'
            """, logger: logger)
        try await PlanSpanStore.close(at: now, tenant: tenant, on: connection, logger: logger)
        try await connection.checkedQuery("DELETE FROM control.billing_webhook_endpoints WHERE tenant_id = \(tenant.uuid)", logger: logger)
        try await connection.checkedQuery("DELETE FROM control.tenant_clocks WHERE tenant_id = \(tenant.uuid)", logger: logger)
    }
}

import Foundation
import PorticoCore
import Testing

/// Deleting a tenant ends its subscription (a final invoice follows; invoices are kept) and
/// removes its webhook endpoints and their secrets.
@Suite struct BillingDeletionTests {
    @Test func aDeletedTenantsSubscriptionEndsAndItsWebhooksGo() async throws {
        try await BillingTestBench.with(fresh: true) { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            let created = try await bench.client.call(.post, "/v1/billing/webhooks", token: tenant.apiKey, json: [
                "url": "https://hooks.example.com/portico", "events": ["invoice.created"],
            ])
            #expect(created.status == .created)
            _ = try await bench.subscription(tenant)
            let deleted = try await bench.client.call(.delete, "/admin/v1/tenants/\(tenant.id)", token: bench.operatorToken)
            #expect(deleted.status == .accepted)
            try await bench.runtime.testTenantService().destroy(tenant.id)

            let rows = try await bench.runtime.database.query("""
                SELECT s.status, (SELECT count(*)::int FROM control.billing_webhook_endpoints e WHERE e.tenant_id = s.tenant_id)
                FROM control.billing_subscriptions s WHERE s.tenant_id = \(tenant.id.uuid)
                """)
            var found = false
            for try await (status, endpoints) in rows.decode((String, Int).self) {
                found = true
                #expect(status == "canceled")
                #expect(endpoints == 0)
            }
            #expect(found)
            _ = try await bench.client.call(.post, "/admin/v1/billing/runs", token: bench.operatorToken, json: [:])
            let invoices = try await bench.client.call(.get, "/admin/v1/billing/invoices?tenant=\(tenant.id)", token: bench.operatorToken)
            #expect((invoices.json["items"] as? [[String: Any]])?.count == 1, "the final invoice of the partial period")
        }
    }
}

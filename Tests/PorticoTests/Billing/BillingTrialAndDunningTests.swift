import Foundation
import PorticoCore
import Testing

/// Trials end on the paid plan only with an approved billing profile; an invoice unpaid past its
/// due date makes the subscription past_due, the grace after it suspends the tenant, and paying
/// resumes it.
@Suite struct BillingTrialAndDunningTests {
    func signUpOnTrial(_ bench: BillingTestBench, plan: String) async throws -> TestTenant {
        let slug = TestTenants.uniqueSlug("trial")
        let signup = try await bench.client.call(.post, "/v1/signups", json: [
            "organization": "Trial Org", "slug": slug, "adminEmail": "a@\(slug).example", "plan": plan,
        ])
        #expect(signup.status == .accepted)
        let id = try #require(TenantID((signup.json["tenant"] as? [String: Any])?["id"] as? String ?? ""))
        try await bench.runtime.testTenantService().provision(id)
        return TestTenant(id: id, slug: slug, apiKey: try #require(signup.json["apiKey"] as? String))
    }

    @Test func aTrialWithoutAnApprovedProfileFallsBackToFreeAndOneWithItStays() async throws {
        try await BillingTestBench.with { bench in
            let unapproved = try await signUpOnTrial(bench, plan: "team")
            let approved = try await signUpOnTrial(bench, plan: "enterprise")
            let trial = try await bench.subscription(unapproved)
            #expect(trial["status"] as? String == "trialing")
            let trialEnd = try #require(trial["trialEndsAt"] as? String)

            let profile = try await bench.client.call(.put, "/v1/billing/profile", token: approved.apiKey, json: [
                "legalName": "Approved <Corp> & Co", "email": "billing@approved.example", "address": "1 Main St\nSpringfield", "taxId": "DE123",
            ])
            #expect(profile.status == .ok)
            let approval = try await bench.client.call(
                .post, "/admin/v1/billing/tenants/\(approved.id)/profile/approve", token: bench.operatorToken, json: ["taxRateBasisPoints": 1900])
            #expect(approval.status == .ok)
            #expect(approval.json["approvedAt"] != nil)

            let after = ISO8601DateFormatter().string(from: BillingTestBench.iso(trialEnd).addingTimeInterval(60))
            try await bench.advance(unapproved, to: after)
            try await bench.advance(approved, to: after)
            #expect(try await bench.subscription(unapproved)["plan"] as? String == "free")
            #expect(try await bench.subscription(unapproved)["status"] as? String == "active")
            #expect(try await bench.subscription(approved)["plan"] as? String == "enterprise")
            #expect(try await bench.subscription(approved)["status"] as? String == "active")
            try await eventually("the unapproved tenant's entitlements are the free plan's") {
                try await bench.client.call(.get, "/v1/tenant", token: unapproved.apiKey).json["plan"] as? String == "free"
            }
        }
    }

    @Test func anUnpaidInvoiceMakesThePastDueThenSuspendsAndPayingResumes() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            try await bench.advance(tenant, to: "2027-06-01T00:00:00Z")
            try await bench.advance(tenant, to: "2027-07-01T02:00:00Z")
            let june = try #require(try await bench.invoice(tenant, periodStart: "2027-06-01T00:00:00Z"))
            #expect(june["status"] as? String == "open")
            let due = try #require(june["dueAt"] as? String)
            #expect(due == "2027-07-15T02:00:00Z", "14 days of payment terms")

            try await bench.advance(tenant, to: "2027-07-15T02:00:01Z")
            #expect(try await bench.subscription(tenant)["status"] as? String == "past_due")
            #expect(try await bench.client.call(.get, "/v1/tenant", token: tenant.apiKey).status == .ok, "not suspended yet")

            let suspension = try await bench.advance(tenant, to: "2027-07-29T02:00:01Z")
            #expect(suspension["tenantsSuspended"] as? Int == 1)
            try await eventually("the tenant is suspended") {
                try await bench.client.call(.get, "/v1/tenant", token: tenant.apiKey).status == .forbidden
            }
            #expect(try await bench.invoices(tenant).contains { $0["id"] as? String == june["id"] as? String }, "it can still read what it owes")
            let change = try await bench.client.call(.post, "/v1/billing/subscription", token: tenant.apiKey, json: ["plan": "enterprise"])
            #expect(change.code == "tenant_suspended", "but not change anything")

            let id = try #require(june["id"] as? String)
            let paid = try await bench.client.call(.post, "/admin/v1/billing/invoices/\(id)/mark-paid", token: bench.operatorToken)
            #expect(paid.json["status"] as? String == "paid")
            try await eventually("the tenant is resumed") {
                try await bench.client.call(.get, "/v1/tenant", token: tenant.apiKey).status == .ok
            }
            #expect(try await bench.subscription(tenant)["status"] as? String == "active")
            let again = try await bench.client.call(.post, "/admin/v1/billing/invoices/\(id)/mark-paid", token: bench.operatorToken)
            #expect(again.status == .conflict)
            #expect(again.code == "invalid_invoice_state")
        }
    }

    @Test func anOperatorsOwnSuspensionIsNotLiftedByAPayment() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            try await bench.advance(tenant, to: "2027-05-10T00:00:00Z")
            try await bench.advance(tenant, to: "2027-06-01T02:00:00Z")
            let open = try await bench.client.call(.get, "/admin/v1/billing/invoices?tenant=\(tenant.id)&status=open", token: bench.operatorToken)
            let suspended = try await bench.client.call(
                .post, "/admin/v1/tenants/\(tenant.id)/suspend", token: bench.operatorToken, json: ["reason": "abuse report"])
            #expect(suspended.status == .ok)
            for invoice in open.json["items"] as? [[String: Any]] ?? [] {
                _ = try await bench.client.call(.post, "/admin/v1/billing/invoices/\(invoice["id"] as! String)/mark-paid", token: bench.operatorToken)
            }
            let detail = try await bench.client.call(.get, "/admin/v1/tenants/\(tenant.id)", token: bench.operatorToken)
            #expect(detail.json["status"] as? String == "suspended")
        }
    }
}

import Foundation
import HTTPTypes
import Testing

/// Tenant B sees none of A's usage, invoices or subscription by any billing route, and changes
/// nothing of A's; tenant keys reach none of the operator's billing routes.
@Suite struct BillingIsolationTests {
    @Test func anotherTenantCannotReadOrChangeAnyOfItsBilling() async throws {
        try await BillingTestBench.with { bench in
            let a = try await TestTenants.create(bench.runtime, plan: "enterprise")
            let b = try await TestTenants.create(bench.runtime, plan: "team")
            try await bench.advance(a, to: "2027-01-10T00:00:00Z")
            try await bench.advance(a, to: "2027-02-01T02:00:00Z")
            try await bench.report(a, "aika.questions", 50_000)
            let aInvoices = try await bench.invoices(a)
            let aInvoice = try #require(aInvoices.first?["id"] as? String)

            #expect(try await bench.invoices(b).isEmpty, "B has no invoices yet, and none of A's")
            let stolen = try await bench.client.call(.get, "/v1/billing/invoices/\(aInvoice)", token: b.apiKey)
            #expect(stolen.status == .notFound)
            var html = HTTPFields()
            html[.accept] = "text/html"
            #expect(try await bench.client.call(.get, "/v1/billing/invoices/\(aInvoice)", token: b.apiKey, headers: html).status == .notFound)
            let bUsage = try await bench.client.call(.get, "/v1/billing/usage", token: b.apiKey).json
            let bMeters = bUsage["meters"] as? [[String: Any]] ?? []
            #expect(bMeters.first { $0["meter"] as? String == "aika.questions" }.flatMap { $0.int("quantity") } ?? 0 == 0)
            #expect(try await bench.subscription(b)["tenantId"] as? String == b.id.description)

            _ = try await bench.client.call(.post, "/v1/billing/subscription", token: b.apiKey, json: ["cancel": "now"])
            #expect(try await bench.subscription(a)["status"] as? String != "canceled")
            _ = try await bench.client.call(.put, "/v1/billing/profile", token: b.apiKey, json: ["legalName": "B", "email": "b@b.example"])
            #expect(try await bench.client.call(.get, "/v1/billing/profile", token: a.apiKey).status == .notFound)

            // Tenant keys are not operator tokens.
            for (method, path) in [
                (HTTPRequest.Method.post, "/admin/v1/billing/runs"), (.get, "/admin/v1/billing/invoices"),
                (.post, "/admin/v1/billing/invoices/\(aInvoice)/void"), (.put, "/admin/v1/billing/tenants/\(a.id)/clock"),
                (.post, "/admin/v1/billing/tenants/\(b.id)/profile/approve"),
            ] {
                let refused = try await bench.client.call(method, path, token: b.apiKey, json: [:])
                #expect(refused.status == .unauthorized || refused.status == .forbidden, "\(method) \(path)")
            }
            #expect(try await bench.invoices(a).count == aInvoices.count)
        }
    }

    @Test func aKeyWithoutTheBillingScopesIsRefused() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            let issued = try await bench.client.call(.post, "/v1/keys", token: tenant.apiKey, json: ["name": "reader", "scopes": ["billing:read"]])
            let reader = try #require(issued.json["secret"] as? String)
            #expect(try await bench.client.call(.get, "/v1/billing/usage", token: reader).status == .ok)
            let change = try await bench.client.call(.post, "/v1/billing/subscription", token: reader, json: ["plan": "enterprise"])
            #expect(change.status == .forbidden)
            #expect(change.code == "insufficient_scope")
        }
    }
}

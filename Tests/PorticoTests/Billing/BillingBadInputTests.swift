import Foundation
import HTTPTypes
import Testing

/// Bad input to billing's routes gets a problem with a stable code and the offending field, and
/// changes nothing; what tenants write on invoices is escaped in the printable page.
@Suite struct BillingBadInputTests {
    @Test func badSubscriptionChangesAreRefusedAndChangeNothing() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            let cases: [(body: String, status: HTTPResponse.Status, field: String?)] = [
                (#"{"plan": "team", "cancel": "now"}"#, .unprocessableContent, "cancel"),
                (#"{"plan": "platinum"}"#, .unprocessableContent, "plan"),
                (#"{"plan": 5}"#, .unprocessableContent, "plan"),
                (#"{"cancel": "later"}"#, .unprocessableContent, "cancel"),
                (#"{"plan": "enterprise", "coupon": "FREE"}"#, .unprocessableContent, "coupon"),
                (#"{}"#, .unprocessableContent, "plan"),
                (#"{"plan": "enterprise""#, .badRequest, nil),
                (#"{"plan": "team"}"#, .conflict, "plan"),
            ]
            for (body, status, field) in cases {
                let response = try await bench.client.call(.post, "/v1/billing/subscription", token: tenant.apiKey, rawBody: body)
                #expect(response.status == status, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(body)")
                #expect(response.code != nil, "\(body)")
                if let field { #expect(response.json["field"] as? String == field, "\(body)") }
            }
            let huge = try await bench.client.call(
                .post, "/v1/billing/subscription", token: tenant.apiKey, rawBody: #"{"plan": "\#(String(repeating: "x", count: 40_000))"}"#)
            #expect(huge.status == .contentTooLarge)
            let subscription = try await bench.subscription(tenant)
            #expect(subscription["plan"] as? String == "team")
            #expect(subscription["status"] as? String == "active")
        }
    }

    @Test func badProfilesAndOperatorInputAreRefused() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            for (body, field) in [
                (["legalName": "Bad\u{0}Name", "email": "a@b.example"], "legalName"),
                (["legalName": "", "email": "a@b.example"], "legalName"),
                (["legalName": "Org", "email": "not an email"], "email"),
                (["legalName": "Org", "email": "a@b.example", "taxRate": 0], "taxRate"),
            ] as [([String: Any], String)] {
                let response = try await bench.client.call(.put, "/v1/billing/profile", token: tenant.apiKey, json: body)
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect(response.json["field"] as? String == field, "\(body)")
            }
            #expect(try await bench.client.call(.get, "/v1/billing/profile", token: tenant.apiKey).status == .notFound)
            #expect(try await bench.client.call(.get, "/v1/billing/invoices/not-a-uuid", token: tenant.apiKey).json["field"] as? String == "invoiceId")
            #expect(try await bench.client.call(.get, "/v1/billing/invoices?status=lost", token: tenant.apiKey).json["field"] as? String == "status")

            let clock = "/admin/v1/billing/tenants/\(tenant.id)/clock"
            let badTime = try await bench.client.call(.put, clock, token: bench.operatorToken, json: ["time": "next tuesday"])
            #expect(badTime.json["field"] as? String == "time")
            try await bench.advance(tenant, to: "2027-05-01T00:00:00Z")
            let backwards = try await bench.client.call(.put, clock, token: bench.operatorToken, json: ["time": "2027-04-01T00:00:00Z"])
            #expect(backwards.status == .unprocessableContent)
            #expect(try await bench.client.call(.put, "/admin/v1/billing/tenants/\(UUID())/clock", token: bench.operatorToken, json: ["time": "2027-05-01T00:00:00Z"]).status == .notFound)

            let badTiers = try await bench.client.call(.post, "/admin/v1/billing/plans/team/versions", token: bench.operatorToken, json: [
                "currency": "USD", "baseFee": 100,
                "meters": [["meter": "seats", "included": 0, "unitSize": 1, "tiers": [["upTo": 10, "unitAmount": 5], ["upTo": 5, "unitAmount": 1]]]],
            ])
            #expect(badTiers.status == .unprocessableContent)
            #expect((badTiers.json["field"] as? String)?.hasPrefix("meters[0].tiers[1]") == true)
            let badCurrency = try await bench.client.call(.post, "/admin/v1/billing/plans/team/versions", token: bench.operatorToken, json: [
                "currency": "XYZ", "baseFee": 100, "meters": [],
            ])
            #expect(badCurrency.json["field"] as? String == "currency")
            let plans = try await bench.client.call(.get, "/admin/v1/billing/plans/team", token: bench.operatorToken)
            #expect((plans.json["items"] as? [[String: Any]])?.count == 1, "nothing was published")
        }
    }

    @Test func thePrintableInvoiceEscapesWhatTenantsWrote() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            _ = try await bench.client.call(.put, "/v1/billing/profile", token: tenant.apiKey, json: [
                "legalName": "<script>alert(1)</script> & Co", "email": "x@evil.example", "address": "1 \"Quote\" St\n<b>Town</b>",
            ])
            try await bench.advance(tenant, to: "2026-12-20T00:00:00Z")
            try await bench.advance(tenant, to: "2027-02-01T02:00:00Z")
            let invoice = try #require(try await bench.invoice(tenant, periodStart: "2027-01-01T00:00:00Z"))
            var headers = HTTPFields()
            headers[.accept] = "text/html"
            let page = try await bench.client.call(.get, "/v1/billing/invoices/\(invoice["id"] as! String)", token: tenant.apiKey, headers: headers)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let html = String(buffer: page.body)
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
            #expect(!html.contains("<script>"))
            #expect(html.contains("&lt;b&gt;Town&lt;/b&gt;"))
            #expect(html.contains(invoice["number"] as! String))
            #expect(html.contains("499.00 USD"))
        }
    }
}

import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoBilling

/// Endpoints cannot aim deliveries at our own network: literal internal addresses are refused when
/// given, and a name that resolves to one is refused by the outbound guard at delivery.
@Suite struct WebhookAddressGuardTests {
    @Test(arguments: [
        "http://10.0.0.1/hooks", "http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data",
        "https://localhost:8443/hook", "http://192.168.1.20/", "http://172.16.0.1/", "http://[fe80::1]/", "http://[fd00::1]/",
        "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/",
    ])
    func aLiteralInternalAddressIsRefusedWhenGiven(url: String) async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let refused = try await client.call(.post, "/v1/billing/webhooks", token: tenant.apiKey, json: ["url": url, "events": ["invoice.paid"]])
                #expect(refused.status == .unprocessableContent, "\(refused.json)")
                #expect(refused.json["field"] as? String == "url")
                let listed = try await client.call(.get, "/v1/billing/webhooks", token: tenant.apiKey)
                #expect((listed.json["items"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func aNameResolvingToLoopbackIsRefusedAtDeliveryUnlessTheOperatorAllowsLoopback() async throws {
        try await WebhookFixture.with { fixture, client in
            let endpoint = try await client.createWebhook(url: fixture.url("internal"), token: fixture.a.apiKey)
            try await fixture.publish(.invoicePaid, ["invoice": "in_1"], for: fixture.a)
            let start = Date()
            #expect(try await fixture.dispatcher(allowLoopback: false).deliverDue(at: start) == .init(retrying: 1))
            #expect(fixture.receiver.requests().isEmpty)
            let log = try await client.webhookDeliveries(endpoint.id, token: fixture.a.apiKey)
            #expect(log.first?["attempts"] as? Int == 1, "\(log)")
            let error = try #require(log.first?["lastError"] as? String)
            #expect(error.contains("refused by the outbound address guard"), "\(error)")
            #expect(!error.contains("127.0.0.1"), "the tenant is not told what the name resolves to")

            // The same delivery goes through a client the operator opened to loopback.
            #expect(try await fixture.dispatcher(allowLoopback: true).deliverDue(at: start.addingTimeInterval(10)) == .init(succeeded: 1))
            #expect(fixture.receiver.requests().count == 1)
        }
    }
}

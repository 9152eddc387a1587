import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoBilling

/// A replay sends events again as new deliveries, under the event's own `webhook-id`.
@Suite struct WebhookReplayTests {
    @Test func oneEventAndARangeAreReplayedWithTheirIDs() async throws {
        try await WebhookFixture.with { fixture, client in
            let endpoint = try await client.createWebhook(url: fixture.url("replayed"), token: fixture.a.apiKey)
            let day = Date(timeIntervalSince1970: 1_800_000_000)
            try await fixture.publish(.invoiceCreated, ["invoice": "in_1"], for: fixture.a, at: day)
            try await fixture.publish(.invoicePaid, ["invoice": "in_1"], for: fixture.a, at: day.addingTimeInterval(3_600))
            try await fixture.publish(.invoicePaid, ["invoice": "in_2"], for: fixture.a, at: day.addingTimeInterval(2 * 86_400))
            // Not subscribed: never delivered, and not replayed with a range.
            try await fixture.publish(.tenantSuspended, ["reason": "unpaid"], for: fixture.a, at: day.addingTimeInterval(60))
            let dispatcher = fixture.dispatcher()
            #expect(try await dispatcher.deliverDue() == .init(succeeded: 3))
            let first = fixture.receiver.requests(to: "replayed")
            let idsByInvoice = Dictionary(grouping: first) { "\($0.json["type"] ?? "") \(($0.json["data"] as? [String: String])?["invoice"] ?? "")" }
                .compactMapValues { $0.first?.id }
            let paidOne = try #require(idsByInvoice["invoice.paid in_1"])

            let one = try await client.call(.post, "/v1/billing/webhooks/\(endpoint.id)/replay", token: fixture.a.apiKey, json: ["eventId": paidOne])
            #expect(one.status == .accepted, "\(one.json)")
            #expect(one.json["replayed"] as? Int == 1)
            #expect(try await dispatcher.deliverDue() == .init(succeeded: 1))
            let again = try #require(fixture.receiver.requests(to: "replayed").last)
            #expect(again.id == paidOne)
            #expect(again.body == first.first(where: { $0.id == paidOne })?.body, "the same bytes as the first delivery")
            #expect(try await IndependentSignatureCheck.verifies(again, secret: endpoint.secret))

            // The first day: invoice.created and invoice.paid of in_1, not the suspension.
            let range = try await client.call(
                .post, "/v1/billing/webhooks/\(endpoint.id)/replay", token: fixture.a.apiKey,
                json: ["from": "2027-01-15T00:00:00Z", "to": "2027-01-16T00:00:00Z"])
            #expect(range.status == .accepted, "\(range.json)")
            #expect(range.json["replayed"] as? Int == 2)
            #expect(try await dispatcher.deliverDue() == .init(succeeded: 2))
            let replayedIDs = Set(fixture.receiver.requests(to: "replayed").suffix(2).compactMap(\.id))
            #expect(replayedIDs == [paidOne, try #require(idsByInvoice["invoice.created in_1"])])
            #expect(try await client.webhookDeliveries(endpoint.id, token: fixture.a.apiKey).count == 6)

            let notSubscribed = try await fixture.runtime.database.query(
                "SELECT id FROM control.billing_webhook_events WHERE type = 'tenant.suspended'")
            for try await id in notSubscribed.decode(String.self) {
                let refused = try await client.call(.post, "/v1/billing/webhooks/\(endpoint.id)/replay", token: fixture.a.apiKey, json: ["eventId": id])
                #expect(refused.status == .unprocessableContent && refused.json["field"] as? String == "eventId", "\(refused.json)")
            }
            let unknown = try await client.call(
                .post, "/v1/billing/webhooks/\(endpoint.id)/replay", token: fixture.a.apiKey, json: ["eventId": WebhookOutbox.newEventID()])
            #expect(unknown.status == .notFound, "\(unknown.json)")
        }
    }
}

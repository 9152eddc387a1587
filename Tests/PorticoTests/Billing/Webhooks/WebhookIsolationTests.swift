import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PorticoBilling

/// Tenant B reaches none of A's endpoints, deliveries or events, and A's events go only to A's
/// endpoints.
@Suite struct WebhookIsolationTests {
    @Test func anotherTenantReachesNothingOfTheFirstTenantsWebhooks() async throws {
        try await WebhookFixture.with { fixture, client in
            let (a, b) = (fixture.a, fixture.b)
            let aEndpoint = try await client.createWebhook(url: fixture.url("a"), token: a.apiKey)
            let bEndpoint = try await client.createWebhook(url: fixture.url("b"), token: b.apiKey)
            try await fixture.publish(.invoicePaid, ["invoice": "in_a"], for: a)
            #expect(try await fixture.dispatcher().deliverDue() == .init(succeeded: 1))
            #expect(fixture.receiver.requests(to: "a").count == 1)
            #expect(fixture.receiver.requests(to: "b").isEmpty, "A's event is never delivered to B's endpoint")
            let aEventID = try #require(fixture.receiver.requests(to: "a").first?.id)

            let listed = try await client.call(.get, "/v1/billing/webhooks", token: b.apiKey)
            #expect((listed.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [bEndpoint.id], "\(listed.json)")

            // A's endpoint answers B exactly as an endpoint that does not exist.
            let unknown = UUID().uuidString.lowercased()
            for (method, suffix, body) in [
                (HTTPRequest.Method.get, "/deliveries", nil), (.post, "/rotate-secret", nil),
                (.post, "/replay", ["eventId": aEventID] as [String: Any]?), (.delete, "", nil),
            ] as [(HTTPRequest.Method, String, [String: Any]?)] {
                let theirs = try await client.call(method, "/v1/billing/webhooks/\(aEndpoint.id)\(suffix)", token: b.apiKey, json: body)
                let none = try await client.call(method, "/v1/billing/webhooks/\(unknown)\(suffix)", token: b.apiKey, json: body)
                #expect(theirs.status == .notFound && none.status == .notFound, "\(method) \(suffix): \(theirs.json)")
                #expect(theirs.code == none.code)
                #expect((theirs.json["detail"] as? String)?.replacingOccurrences(of: aEndpoint.id, with: unknown) == none.json["detail"] as? String)
            }
            // Nor can B replay A's event to its own endpoint.
            let stolen = try await client.call(.post, "/v1/billing/webhooks/\(bEndpoint.id)/replay", token: b.apiKey, json: ["eventId": aEventID])
            #expect(stolen.status == .notFound, "\(stolen.json)")
            let range = try await client.call(
                .post, "/v1/billing/webhooks/\(bEndpoint.id)/replay", token: b.apiKey,
                json: ["from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"])
            #expect(range.json["replayed"] as? Int == 0, "\(range.json)")
            #expect(try await fixture.dispatcher().deliverDue().attempted == 0)
            #expect(fixture.receiver.requests(to: "b").isEmpty)

            // A's endpoint is untouched: still there, its log intact, its secret still the one that signs.
            let aListed = try await client.call(.get, "/v1/billing/webhooks", token: a.apiKey)
            #expect((aListed.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [aEndpoint.id])
            #expect(try await client.webhookDeliveries(aEndpoint.id, token: a.apiKey).count == 1)
            #expect(try await client.webhookDeliveries(bEndpoint.id, token: b.apiKey).isEmpty)
            try await fixture.publish(.invoicePaid, ["invoice": "in_a2"], for: a)
            _ = try await fixture.dispatcher().deliverDue()
            let latest = try #require(fixture.receiver.requests(to: "a").last)
            #expect(latest.signature?.split(separator: " ").count == 1, "B's rotation attempt rotated nothing")
            #expect(try await IndependentSignatureCheck.verifies(latest, secret: aEndpoint.secret))
        }
    }
}

import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoBilling

/// Deliveries are signed as Standard Webhooks says, checked by Python's standard library, also
/// during a rotation, when the old and the new secret both sign.
@Suite struct WebhookSignatureTests {
    @Test func deliveriesVerifyWithTheSecretShownAtCreationAndNoOther() async throws {
        try await WebhookFixture.with { fixture, client in
            let endpoint = try await client.createWebhook(url: fixture.url("signed"), token: fixture.a.apiKey)
            #expect(endpoint.secret.hasPrefix("whsec_"))
            #expect(Data(base64Encoded: String(endpoint.secret.dropFirst(6)))?.count == 24)
            try await fixture.publish(.invoicePaid, ["invoice": "in_1", "note": "ünïcödé & \"quotes\""], for: fixture.a)
            let report = try await fixture.dispatcher().deliverDue()
            #expect(report.succeeded == 1)

            let request = try #require(fixture.receiver.requests(to: "signed").first)
            #expect(request.signature?.split(separator: " ").count == 1)
            #expect(try await IndependentSignatureCheck.verifies(request, secret: endpoint.secret))
            let other = try await client.createWebhook(url: fixture.url("other"), token: fixture.a.apiKey)
            #expect(try await !IndependentSignatureCheck.verifies(request, secret: other.secret))
            let listed = try await client.call(.get, "/v1/billing/webhooks", token: fixture.a.apiKey)
            #expect(!"\(listed.json)".contains("whsec_"), "no secret is listed")
        }
    }

    @Test func duringARotationTheOldAndTheNewSecretBothSign() async throws {
        try await WebhookFixture.with { fixture, client in
            let endpoint = try await client.createWebhook(url: fixture.url("rotating"), token: fixture.a.apiKey)
            let rotation = try await client.call(.post, "/v1/billing/webhooks/\(endpoint.id)/rotate-secret", token: fixture.a.apiKey)
            #expect(rotation.status == .ok, "\(rotation.json)")
            let newSecret = try #require(rotation.json["secret"] as? String)
            #expect(newSecret != endpoint.secret)

            try await fixture.publish(.invoiceCreated, ["invoice": "in_2"], for: fixture.a)
            _ = try await fixture.dispatcher().deliverDue()
            let request = try #require(fixture.receiver.requests(to: "rotating").first)
            #expect(request.signature?.split(separator: " ").count == 2)
            #expect(try await IndependentSignatureCheck.verifies(request, secret: endpoint.secret))
            #expect(try await IndependentSignatureCheck.verifies(request, secret: newSecret))

            // A day later only the new secret signs.
            try await fixture.publish(.invoiceCreated, ["invoice": "in_3"], for: fixture.a)
            _ = try await fixture.dispatcher().deliverDue(at: Date().addingTimeInterval(24 * 3_600 + 60))
            let later = try #require(fixture.receiver.requests(to: "rotating").last)
            #expect(later.json["data"] as? [String: String] == ["invoice": "in_3"])
            #expect(later.signature?.split(separator: " ").count == 1)
            #expect(try await IndependentSignatureCheck.verifies(later, secret: newSecret))
            #expect(try await !IndependentSignatureCheck.verifies(later, secret: endpoint.secret))
        }
    }
}

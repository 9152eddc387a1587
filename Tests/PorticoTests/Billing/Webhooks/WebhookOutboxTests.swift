import Foundation
import HummingbirdTesting
import PorticoStore
import Testing
@testable import PorticoApp
@testable import PorticoBilling

/// The outbox is written in the caller's transaction: an event exists, and is delivered, exactly
/// when the change it announces committed.
@Suite struct WebhookOutboxTests {
    struct ChangeFailed: Error {}

    @Test func anEventOfARolledBackTransactionIsNeverDelivered() async throws {
        try await WebhookFixture.with { fixture, client in
            _ = try await client.createWebhook(url: fixture.url("a"), token: fixture.a.apiKey)
            await #expect(throws: ChangeFailed.self) {
                try await fixture.runtime.database.withTransaction { connection -> Void in
                    try await WebhookOutbox.publish(
                        .invoicePaid, data: ["invoice": "in_1"], tenant: fixture.a.id, at: Date(), on: connection, logger: fixture.runtime.logger)
                    throw ChangeFailed()
                }
            }
            let report = try await fixture.dispatcher().deliverDue(at: Date().addingTimeInterval(60))
            #expect(report.attempted == 0)
            #expect(fixture.receiver.requests().isEmpty)
            let events = try await fixture.runtime.database.query("SELECT count(*)::int FROM control.billing_webhook_events")
            for try await count in events.decode(Int.self) { #expect(count == 0) }
        }
    }

    /// The real worker, with billing's jobs as the module registers them, delivers a committed
    /// event within its schedule.
    @Test func aCommittedEventIsDeliveredByTheScheduledJob() async throws {
        try await WebhookFixture.with(overrides: ["outbound.allowLoopback": "true"]) { fixture, client in
            let runtime = fixture.runtime
            // A literal loopback URL is refused by the API, so this endpoint is written directly.
            let endpoint = try await WebhookEndpointStore(database: runtime.database).create(
                url: "http://127.0.0.1:\(fixture.port)/hooks/worker", events: [.invoiceFinalized], for: fixture.a.id, at: Date())
            let invoice = ["invoice": "in_42", "number": "PORTICO-000042"]
            try await fixture.publish(.invoiceFinalized, invoice, for: fixture.a)
            try await fixture.publish(.invoicePaid, invoice, for: fixture.a)

            let queue = JobQueue(database: runtime.database)
            let registry = PorticoWorker.registry(modules: try runtime.modules(queue: queue), queue: queue)
            let worker = JobTestSupport.worker(runtime, queue: queue, registry: registry)
            try await JobTestSupport.withWorkers([worker], logger: runtime.logger) {
                try await eventually("the worker delivers the event", timeout: .seconds(60), every: .milliseconds(200)) {
                    !fixture.receiver.requests(to: "worker").isEmpty
                }
            }
            let received = fixture.receiver.requests(to: "worker")
            #expect(received.count == 1, "only the subscribed type is delivered")
            let request = try #require(received.first)
            #expect(request.json["type"] as? String == "invoice.finalized")
            #expect(request.json["data"] as? [String: String] == invoice)
            #expect((request.json["timestamp"] as? String).flatMap { try? Date.ISO8601FormatStyle().parse($0) } != nil)
            #expect(request.contentType == "application/json")
            #expect(request.id?.hasPrefix("msg_") == true)
            #expect(try await IndependentSignatureCheck.verifies(request, secret: endpoint.secret))
            let log = try await client.webhookDeliveries(endpoint.id.uuidString, token: fixture.a.apiKey)
            #expect(log.first?["status"] as? String == "succeeded", "\(log)")
            #expect(log.first?["lastStatusCode"] as? Int == 200, "\(log)")
        }
    }
}

import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoBilling

/// Failed attempts (an error status, no answer in time) are retried with backoff under the same
/// `webhook-id`, until 3 days after the event; the dispatcher is given later times instead of
/// the tests waiting.
@Suite struct WebhookRetryTests {
    @Test func anErrorStatusIsRetriedLaterWithTheSameID() async throws {
        try await WebhookFixture.with { fixture, client in
            let endpoint = try await client.createWebhook(url: fixture.url("flaky"), token: fixture.a.apiKey)
            try await fixture.publish(.invoicePaid, ["invoice": "in_1"], for: fixture.a)
            fixture.receiver.answer(.init(status: .internalServerError))
            let dispatcher = fixture.dispatcher()
            let start = Date()

            #expect(try await dispatcher.deliverDue(at: start) == .init(retrying: 1))
            var log = try await client.webhookDeliveries(endpoint.id, token: fixture.a.apiKey)
            #expect(log.first?["status"] as? String == "pending", "\(log)")
            #expect(log.first?["attempts"] as? Int == 1)
            #expect(log.first?["lastStatusCode"] as? Int == 500)
            #expect((log.first?["lastError"] as? String)?.contains("500") == true, "\(log)")
            #expect(log.first?["nextAttemptAt"] is String)

            // Not due again before its backoff has passed.
            #expect(try await dispatcher.deliverDue(at: start.addingTimeInterval(1)).attempted == 0)
            #expect(try await dispatcher.deliverDue(at: start.addingTimeInterval(10)) == .init(succeeded: 1))
            log = try await client.webhookDeliveries(endpoint.id, token: fixture.a.apiKey)
            #expect(log.first?["status"] as? String == "succeeded", "\(log)")
            #expect(log.first?["attempts"] as? Int == 2)
            #expect(log.first?["deliveredAt"] is String)
            #expect(log.first?["lastError"] is NSNull)
            let received = fixture.receiver.requests(to: "flaky")
            #expect(received.count == 2)
            #expect(Set(received.compactMap(\.id)).count == 1)
            for request in received { #expect(try await IndependentSignatureCheck.verifies(request, secret: endpoint.secret)) }
        }
    }

    @Test func aReceiverSlowerThanTheTimeoutIsAFailedAttemptAndRetried() async throws {
        try await WebhookFixture.with { fixture, client in
            let endpoint = try await client.createWebhook(url: fixture.url("slow"), token: fixture.a.apiKey)
            try await fixture.publish(.invoicePaid, ["invoice": "in_1"], for: fixture.a)
            let gate = OutboundTestServer.Gate()
            fixture.receiver.answer(.init(heldUntil: gate))
            let start = Date()

            #expect(try await fixture.dispatcher(timeout: .seconds(1)).deliverDue(at: start) == .init(retrying: 1))
            gate.open()
            let log = try await client.webhookDeliveries(endpoint.id, token: fixture.a.apiKey)
            #expect(log.first?["status"] as? String == "pending", "\(log)")
            #expect((log.first?["lastError"] as? String)?.contains("timed out") == true, "\(log)")
            #expect(log.first?["lastStatusCode"] is NSNull)

            let retry = try await fixture.dispatcher().deliverDue(at: start.addingTimeInterval(10))
            let after = try await client.webhookDeliveries(endpoint.id, token: fixture.a.apiKey)
            #expect(retry == .init(succeeded: 1), "\(after)")
            #expect(Set(fixture.receiver.requests(to: "slow").compactMap(\.id)).count == 1)
        }
    }

    @Test func aDeliveryIsGivenUpThreeDaysAfterItsEvent() async throws {
        try await WebhookFixture.with { fixture, client in
            let endpoint = try await client.createWebhook(url: fixture.url("down"), token: fixture.a.apiKey)
            try await fixture.publish(.invoicePaid, ["invoice": "in_1"], for: fixture.a)
            let dispatcher = fixture.dispatcher()
            let start = Date()
            var at = start
            var runs = 0
            // Every attempt fails; each run is at the time the previous one asked to be retried.
            while runs < 50 {
                fixture.receiver.answer(.init(status: .serviceUnavailable))
                let report = try await dispatcher.deliverDue(at: at)
                runs += 1
                if report.failed == 1 { break }
                #expect(report == .init(retrying: 1))
                let log = try await client.webhookDeliveries(endpoint.id, token: fixture.a.apiKey)
                let next = try #require((log.first?["nextAttemptAt"] as? String).flatMap { try? Date.ISO8601FormatStyle().parse($0) })
                at = next.addingTimeInterval(1)
            }
            let log = try await client.webhookDeliveries(endpoint.id, token: fixture.a.apiKey)
            #expect(log.first?["status"] as? String == "failed", "\(log)")
            #expect(log.first?["nextAttemptAt"] is NSNull)
            #expect(log.first?["attempts"] as? Int == runs)
            // 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h: the 12th attempt, 2.8 days in, is the last.
            #expect(runs == 12)
            #expect(at > start.addingTimeInterval(2 * 24 * 3_600) && at <= start.addingTimeInterval(3 * 24 * 3_600 + 2))
            #expect(try await dispatcher.deliverDue(at: start.addingTimeInterval(30 * 24 * 3_600)).attempted == 0)
        }
    }

    @Test func theScheduleBacksOffAndStopsAtThreeDays() {
        let schedule = WebhookRetrySchedule.standard
        let created = Date(timeIntervalSince1970: 1_000_000)
        let delays = (1...8).map { schedule.nextAttempt(after: $0, failedAt: created, createdAt: created)?.timeIntervalSince(created) }
        #expect(delays == [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000, 36_000])
        #expect(schedule.nextAttempt(after: 9, failedAt: created.addingTimeInterval(3 * 86_400 - 36_000), createdAt: created) != nil)
        #expect(schedule.nextAttempt(after: 9, failedAt: created.addingTimeInterval(3 * 86_400 - 35_999), createdAt: created) == nil)
    }
}

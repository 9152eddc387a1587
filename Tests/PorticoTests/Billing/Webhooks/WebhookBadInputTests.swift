import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PorticoBilling

/// Bad requests get problem+json naming the field, and change nothing.
@Suite struct WebhookBadInputTests {
    @Test func badEndpointsAreRefusedNamingTheField() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let good = "https://hooks.example.com/portico"
                let cases: [(body: [String: Any], status: HTTPResponse.Status, field: String?)] = [
                    (["url": good, "events": ["invoice.paid"], "secret": "mine"], .unprocessableContent, "secret"),
                    (["url": 5, "events": ["invoice.paid"]], .unprocessableContent, "url"),
                    (["url": good, "events": "invoice.paid"], .unprocessableContent, "events"),
                    (["url": good], .unprocessableContent, "events"),
                    (["url": good, "events": []], .unprocessableContent, "events"),
                    (["url": good, "events": ["invoice.paid", "invoice.eaten"]], .unprocessableContent, "events[1]"),
                    (["url": good + "/" + String(repeating: "a", count: 2_000), "events": ["invoice.paid"]], .unprocessableContent, "url"),
                    (["url": "ftp://hooks.example.com/", "events": ["invoice.paid"]], .unprocessableContent, "url"),
                    (["url": "/relative/path", "events": ["invoice.paid"]], .unprocessableContent, "url"),
                    (["url": "https://user:pass@hooks.example.com/", "events": ["invoice.paid"]], .unprocessableContent, "url"),
                ]
                for (body, status, field) in cases {
                    let refused = try await client.call(.post, "/v1/billing/webhooks", token: tenant.apiKey, json: body)
                    #expect(refused.status == status, "\(body): \(refused.json)")
                    #expect(refused.json["field"] as? String == field, "\(body): \(refused.json)")
                    #expect(refused.headers[.contentType] == "application/problem+json", "\(body)")
                }
                let malformed = try await client.call(.post, "/v1/billing/webhooks", token: tenant.apiKey, rawBody: "{\"url\": ")
                #expect(malformed.status == .badRequest && malformed.code == "malformed_json", "\(malformed.json)")
                let listed = try await client.call(.get, "/v1/billing/webhooks", token: tenant.apiKey)
                #expect((listed.json["items"] as? [Any])?.isEmpty == true, "nothing was created")

                let created = try await client.createWebhook(url: good, events: ["invoice.paid", "invoice.paid"], token: tenant.apiKey)
                let listedAgain = try await client.call(.get, "/v1/billing/webhooks", token: tenant.apiKey)
                #expect(((listedAgain.json["items"] as? [[String: Any]])?.first?["events"] as? [String]) == ["invoice.paid"])
                let replays: [(body: [String: Any], field: String)] = [
                    (["eventId": "msg_x", "from": "2027-01-01T00:00:00Z"], "eventId"),
                    (["from": "2027-01-02T00:00:00Z", "to": "2027-01-01T00:00:00Z"], "from"),
                    (["from": "yesterday", "to": "2027-01-01T00:00:00Z"], "from"),
                    (["from": "2027-01-01T00:00:00Z"], "to"),
                    ([:], "from"),
                    (["eventId": 7], "eventId"),
                    (["eventId": "msg_\u{0}x"], "eventId"),
                    (["event": "msg_x"], "event"),
                ]
                for (body, field) in replays {
                    let refused = try await client.call(.post, "/v1/billing/webhooks/\(created.id)/replay", token: tenant.apiKey, json: body)
                    #expect(refused.status == .unprocessableContent, "\(body): \(refused.json)")
                    #expect(refused.json["field"] as? String == field, "\(body): \(refused.json)")
                }
                let badLimit = try await client.call(.get, "/v1/billing/webhooks/\(created.id)/deliveries?limit=0", token: tenant.apiKey)
                #expect(badLimit.status == .badRequest && badLimit.json["field"] as? String == "limit", "\(badLimit.json)")
            }
        }
    }

    @Test func aTenantHasAtMostTwentyEndpoints() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                // Six at a time, each on its own connection (within the gateway's per-tenant concurrency
                // of 8); the fourth batch crosses the cap concurrently.
                let port = try #require(client.port)
                var statuses: [Int] = []
                for batch in stride(from: 0, to: 24, by: 6) {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in batch..<batch + 6 {
                            group.addTask {
                                try await RawHTTP.post(
                                    port: port, "/v1/billing/webhooks", token: tenant.apiKey,
                                    json: ["url": "https://hooks.example.com/\(index)", "events": ["invoice.paid"]]).status
                            }
                        }
                        for try await status in group { statuses.append(status) }
                    }
                }
                #expect(statuses.filter { $0 == 201 }.count == 20)
                #expect(statuses.filter { $0 == 409 }.count == 4)
                let listed = try await client.call(.get, "/v1/billing/webhooks", token: tenant.apiKey)
                #expect((listed.json["items"] as? [Any])?.count == 20)
                let scoped = try await client.call(.get, "/v1/billing/webhooks", token: "pk_live_nope")
                #expect(scoped.status == .unauthorized)
            }
        }
    }
}

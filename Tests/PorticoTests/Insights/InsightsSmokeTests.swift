import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

@Suite struct InsightsSmokeTests {
    @Test func eventsInReportsOut() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "team")
            try await LiveServer.with(runtime) { client in
                let events = [
                    InsightsEvents.event(id: "e1", user: "user:default/ana", pluginId: "catalog"),
                    InsightsEvents.event(id: "e2", user: "user:default/bob", action: "search", subject: "payments", value: 0, pluginId: "search"),
                    InsightsEvents.event(id: "e3", user: "user:default/bob", pluginId: "techdocs", entityRef: nil),
                    ["id": "bad"],
                ]
                let posted = try await client.postEvents(events, token: tenant.apiKey)
                #expect(posted.status == .ok, "\(posted.json)")
                #expect(posted.json["accepted"] as? Int == 3, "\(posted.json)")
                #expect((posted.json["rejected"] as? [[String: Any]])?.first?["index"] as? Int == 3)
                let again = try await client.postEvents(Array(events.prefix(3)), token: tenant.apiKey)
                #expect(again.json["duplicates"] as? Int == 3)
                try await runtime.rollUpInsights(tenant.id)
                let active = try await client.call(.get, "/api/insights/active-users?last=7d", token: tenant.apiKey)
                #expect(active.status == .ok, "\(active.json)")
                #expect(active.json["totalActiveUsers"] as? Int == 2)
                let top = try await client.call(.get, "/api/insights/top?dimension=plugins", token: tenant.apiKey)
                #expect(top.status == .ok, "\(top.json)")
                #expect((top.json["items"] as? [[String: Any]])?.count == 3)
                let zero = try await client.call(.get, "/api/insights/top?dimension=zero-result-searches&format=csv", token: tenant.apiKey)
                #expect(String(buffer: zero.body).contains("payments,1,1,0"), "\(String(buffer: zero.body))")
                let teams = try await client.call(.get, "/api/insights/teams", token: tenant.apiKey)
                #expect(teams.status == .ok, "\(teams.json)")
                let retention = try await client.call(.get, "/api/insights/retention", token: tenant.apiKey)
                #expect(retention.status == .ok, "\(retention.json)")
                let erased = try await client.call(.delete, "/api/insights/users/user%3Adefault%2Fbob", token: tenant.apiKey)
                #expect(erased.status == .accepted, "\(erased.json)")
                let after = try await client.call(.get, "/api/insights/active-users?last=7d", token: tenant.apiKey)
                #expect(after.json["totalActiveUsers"] as? Int == 1)
            }
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Insights is for plans with the `insights` entitlement (team, enterprise), and each route asks
/// for its scope: `insights:write` to send events, `insights:read` to read reports and settings,
/// `tenant:admin` to change settings or erase a user.
@Suite struct InsightsAccessTests {
    enum Need { case write, read, admin }

    nonisolated(unsafe) static let routes: [(method: HTTPRequest.Method, path: String, body: Any?, need: Need)] = [
        (.post, "/api/insights/events", ["events": [InsightsEvents.event(id: "access-1", at: Date().addingTimeInterval(-60))]], .write),
        (.get, "/api/insights/active-users", nil, .read),
        (.get, "/api/insights/active-users?grouping=week&format=csv", nil, .read),
        (.get, "/api/insights/top?dimension=plugins", nil, .read),
        (.get, "/api/insights/teams", nil, .read),
        (.get, "/api/insights/retention", nil, .read),
        (.get, "/api/insights/settings", nil, .read),
        (.put, "/api/insights/settings", ["keepUserRefs": true], .admin),
        (.delete, "/api/insights/users/user%3Adefault%2Fnobody", nil, .admin),
    ]

    @Test func aPlanWithoutInsightsGetsPluginNotInPlanOnEveryRoute() async throws {
        try await TestDatabase.withShared { runtime in
            let free = try await TestTenants.create(runtime, plan: "free")
            try await LiveServer.with(runtime) { client in
                for route in Self.routes {
                    let response = try await client.call(route.method, route.path, token: free.apiKey, json: route.body)
                    #expect(response.status == .forbidden, "\(route.method) \(route.path)")
                    #expect(response.code == "plugin_not_in_plan", "\(route.method) \(route.path): \(response.json)")
                }
                #expect(try await runtime.insightsCount(free.id, "SELECT count(*)::int FROM insights_events") == 0)
            }
        }
    }

    @Test func eachRouteNeedsItsScope() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "team")
            try await LiveServer.with(runtime) { client in
                let keys: [(scopes: [String], grants: Set<Need>)] = [
                    (["catalog:read", "catalog:write"], []),
                    (["insights:read"], [.read]),
                    (["insights:write"], [.write]),
                    (["insights:read", "insights:write", "catalog:write"], [.read, .write]),
                    (["tenant:admin"], [.admin]),
                ]
                for (scopes, grants) in keys {
                    let key = try await client.issueKey(scopes: scopes, token: tenant.apiKey)
                    for route in Self.routes {
                        let response = try await client.call(route.method, route.path, token: key, json: route.body)
                        let label = "\(scopes) \(route.method) \(route.path)"
                        if grants.contains(route.need) {
                            #expect(response.status.code < 300, "\(label): \(response.json)")
                        } else {
                            #expect(response.status == .forbidden, "\(label)")
                            #expect(response.code == "insufficient_scope", "\(label): \(response.json)")
                        }
                    }
                }
                // Only the keys with insights:write stored the (one) event; the rest stored nothing.
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events") == 1)
                // The settings changed only by the admin key.
                let settings = try await client.report("/api/insights/settings", token: tenant.apiKey)
                #expect(settings["keepUserRefs"] as? Bool == true)
            }
        }
    }
}

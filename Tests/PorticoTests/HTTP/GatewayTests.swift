import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PorticoApp
import PorticoCore
import PorticoGateway
import Testing
@testable import PorticoApp

/// The gateway's pipeline over real HTTP: ids, limits, authentication, status, scopes, rate limits,
/// entitlements and problem+json errors.
@Suite struct GatewayTests {
    @Test func requestIDIsEchoedOrGenerated() async throws {
        try await TestDatabase.withShared { runtime in
            try await LiveServer.with(runtime) { client in
                let given = try await client.call(.get, "/health/live", headers: [HTTPField.Name("X-Request-Id")!: "abc-123"])
                #expect(given.headers[HTTPField.Name("X-Request-Id")!] == "abc-123")
                let hostile = try await client.call(.get, "/v1/tenant", headers: [HTTPField.Name("X-Request-Id")!: "evil\"; DROP"])
                let generated = try #require(hostile.headers[HTTPField.Name("X-Request-Id")!])
                #expect(generated != "evil\"; DROP")
                #expect(hostile.json["requestId"] as? String == generated)
            }
        }
    }

    @Test func everyFormOfBadKeyIsInvalidAPIKey() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            let forged = String(tenant.apiKey.dropLast()) + (tenant.apiKey.last == "A" ? "B" : "A")
            let otherSecretSameLookup = SecretToken.generate(.apiKey).value
            try await LiveServer.with(runtime) { client in
                for token in ["", "nonsense", tenant.apiKey.uppercased(), forged, otherSecretSameLookup, "pk_live_"] {
                    let response = try await client.call(.get, "/v1/tenant", token: token)
                    #expect(response.status == .unauthorized, "token \(token)")
                    #expect(response.code == "invalid_api_key")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                let basic = try await client.call(.get, "/v1/tenant", headers: [.authorization: "Basic \(tenant.apiKey)"])
                #expect(basic.status == .unauthorized)
            }
        }
    }

    @Test func scopesAreEnforced() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let created = try await client.call(.post, "/v1/keys", token: tenant.apiKey, json: ["name": "reader", "scopes": ["catalog:read"]])
                #expect(created.status == .created)
                let readOnly = try #require(created.json["secret"] as? String)
                let tenantView = try await client.call(.get, "/v1/tenant", token: readOnly)
                #expect(tenantView.status == .ok)
                let keys = try await client.call(.get, "/v1/keys", token: readOnly)
                #expect(keys.status == .forbidden)
                #expect(keys.code == "insufficient_scope")
                let create = try await client.call(.post, "/v1/keys", token: readOnly, json: ["name": "x", "scopes": ["tenant:admin"]])
                #expect(create.code == "insufficient_scope")
            }
        }
    }

    @Test func expiredAndRevokedKeysAreRefused() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let soon = Date().addingTimeInterval(4).formatted(.iso8601)
                let created = try await client.call(
                    .post, "/v1/keys", token: tenant.apiKey, json: ["name": "short", "scopes": ["catalog:read"], "expiresAt": soon])
                #expect(created.status == .created)
                let shortLived = try #require(created.json["secret"] as? String)
                #expect(try await client.call(.get, "/v1/tenant", token: shortLived).status == .ok)
                try await eventually("the key expires", timeout: .seconds(15), every: .milliseconds(250)) {
                    try await client.call(.get, "/v1/tenant", token: shortLived).code == "invalid_api_key"
                }

                let second = try await client.call(.post, "/v1/keys", token: tenant.apiKey, json: ["name": "doomed", "scopes": ["catalog:read"]])
                let secret = try #require(second.json["secret"] as? String)
                let id = try #require(second.json["id"] as? String)
                #expect(try await client.call(.get, "/v1/tenant", token: secret).status == .ok)
                #expect(try await client.call(.delete, "/v1/keys/\(id)", token: tenant.apiKey).status == .noContent)
                try await eventually("the revoked key is refused", timeout: .seconds(3)) {
                    try await client.call(.get, "/v1/tenant", token: secret).code == "invalid_api_key"
                }
            }
        }
    }

    @Test func suspendedAndProvisioningTenantsAreHeldAtTheGate() async throws {
        try await TestDatabase.withShared { runtime in
            let pending = try await TestTenants.create(runtime, provision: false)
            let active = try await TestTenants.create(runtime)
            let operatorToken = try await TestTenants.createOperator(runtime)
            try await LiveServer.with(runtime) { client in
                let early = try await client.call(.get, "/v1/tenant", token: pending.apiKey)
                #expect(early.status == .conflict)
                #expect(early.code == "tenant_provisioning")

                let suspend = try await client.call(.post, "/admin/v1/tenants/\(active.slug)/suspend", token: operatorToken, json: ["reason": "unpaid"])
                #expect(suspend.status == .ok)
                try await eventually("the suspension reaches the gateway", timeout: .seconds(3)) {
                    try await client.call(.get, "/v1/tenant", token: active.apiKey).code == "tenant_suspended"
                }
                let refused = try await client.call(.get, "/v1/tenant", token: active.apiKey)
                #expect(refused.status == .forbidden)

                #expect(try await client.call(.post, "/admin/v1/tenants/\(active.slug)/resume", token: operatorToken).status == .ok)
                try await eventually("the resumption reaches the gateway", timeout: .seconds(3)) {
                    try await client.call(.get, "/v1/tenant", token: active.apiKey).status == .ok
                }
            }
        }
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "free")
            let operatorToken = try await TestTenants.createOperator(runtime)
            try await LiveServer.with(runtime) { client in
                // One request per second with a burst of two, asked four at a time: exhausted however
                // slow the machine is (one at a time, a loaded machine answering each in a second
                // refills the bucket as fast as it drains).
                let plan = try await client.call(.put, "/admin/v1/tenants/\(tenant.slug)/plan", token: operatorToken,
                                                 json: ["plan": "free", "rateLimitPerSecond": 1])
                #expect(plan.status == .ok)
                var limited: TestResponse?
                try await eventually("the tenant is rate limited", timeout: .seconds(10)) {
                    let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                        for _ in 0..<4 { group.addTask { try await client.call(.get, "/v1/tenant", token: tenant.apiKey) } }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    limited = responses.first { $0.status == .tooManyRequests }
                    return limited != nil
                }
                let response = try #require(limited)
                #expect(response.code == "rate_limited")
                #expect(Int(response.headers[HTTPField.Name("Retry-After")!] ?? "") ?? 0 >= 1)
                #expect(response.headers[HTTPField.Name("RateLimit-Limit")!] == "2")
                #expect(response.headers[HTTPField.Name("RateLimit-Remaining")!] == "0")
            }
        }
    }

    /// The entitlement is a module's (the test module's, which only `enterprise` includes).
    @Test func premiumRoutesNeedThePluginInThePlan() async throws {
        try await TestDatabase.withShared(modules: PorticoModules.all + [ThrowawayModule.self]) { runtime in
            let team = try await TestTenants.create(runtime, plan: "team")
            let enterprise = try await TestTenants.create(runtime, plan: "enterprise")
            let addPremiumRoute: (GatewayRouter) -> Void = { routes in
                routes.get("/v1/test-premium", .tenant(nil, entitlement: ThrowawayModule.gadgets)) { _, _ in try Response.json(["ok": true]) }
            }
            try await LiveServer.with(runtime, addRoutes: addPremiumRoute) { client in
                let refused = try await client.call(.get, "/v1/test-premium", token: team.apiKey)
                #expect(refused.status == .forbidden)
                #expect(refused.code == "plugin_not_in_plan")
                #expect(try await client.call(.get, "/v1/test-premium", token: enterprise.apiKey).status == .ok)
            }
        }
    }

    @Test func unknownRoutesWrongMethodsAndBadBodies() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let missing = try await client.call(.get, "/v1/nothing-here")
                #expect(missing.status == .notFound)
                #expect(missing.code == "not_found")

                let wrongMethod = try await client.call(.put, "/v1/tenant", token: tenant.apiKey)
                #expect(wrongMethod.status == .methodNotAllowed)
                #expect(wrongMethod.headers[.allow] == "GET")
                #expect(try await client.call(.trace, "/v1/tenant").status == .methodNotAllowed)

                let malformed = try await client.call(.post, "/v1/keys", token: tenant.apiKey, rawBody: "{\"name\": ")
                #expect(malformed.status == .badRequest)
                #expect(malformed.code == "malformed_json")

                let wrongType = try await client.call(.post, "/v1/keys", token: tenant.apiKey, json: ["name": 12, "scopes": ["catalog:read"]])
                #expect(wrongType.status == .unprocessableContent)
                #expect(wrongType.json["field"] as? String == "name")

                let unknownField = try await client.call(.post, "/v1/keys", token: tenant.apiKey, json: ["name": "k", "scopes": ["catalog:read"], "admin": true])
                #expect(unknownField.json["field"] as? String == "admin")

                let unknownScope = try await client.call(.post, "/v1/keys", token: tenant.apiKey, json: ["name": "k", "scopes": ["catalog:read", "root"]])
                #expect(unknownScope.json["field"] as? String == "scopes[1]")

                let huge = String(repeating: "a", count: 2 << 20)
                let tooLarge = try await client.call(.post, "/v1/keys", token: tenant.apiKey, rawBody: "{\"name\":\"\(huge)\"}")
                #expect(tooLarge.status == .contentTooLarge)
                #expect(tooLarge.code == "payload_too_large")

                let keys = try await client.call(.get, "/v1/keys", token: tenant.apiKey)
                #expect((keys.json["items"] as? [Any])?.count == 1, "bad requests must not create keys")
            }
        }
    }

    @Test func healthAndMetrics() async throws {
        try await TestDatabase.withShared { runtime in
            try await LiveServer.with(runtime) { client in
                #expect(try await client.call(.get, "/health/live").status == .ok)
                let ready = try await client.call(.get, "/health/ready")
                #expect(ready.status == .ok)
                #expect(ready.json["migrations"] as? String == "current")
                _ = try await client.call(.get, "/v1/tenant")
                let metrics = try await client.call(.get, "/metrics")
                let text = String(buffer: metrics.body)
                #expect(text.contains("portico_http_requests_total"))
                #expect(text.contains("portico_http_request_duration_seconds_bucket"))
                #expect(text.contains("status=\"401\""))
            }
        }
    }
}

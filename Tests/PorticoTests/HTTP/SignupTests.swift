import Foundation
import HTTPTypes
import HummingbirdTesting
import PorticoProvisioning
import PorticoStore
import Testing
@testable import PorticoApp

@Suite struct SignupTests {
    @Test func signupCreatesAProvisioningTenantWithAKeyAndAJob() async throws {
        try await TestDatabase.withShared { runtime in
            let slug = TestTenants.uniqueSlug("acme")
            try await LiveServer.with(runtime) { client in
                let response = try await client.call(.post, "/v1/signups", json: [
                    "organization": "Acme Inc", "slug": slug, "adminEmail": "ops@acme.example",
                ])
                #expect(response.status == .accepted)
                let tenant = try #require(response.json["tenant"] as? [String: Any])
                let id = try #require(tenant["id"] as? String)
                #expect(tenant["status"] as? String == "provisioning")
                #expect((response.json["apiKey"] as? String)?.hasPrefix("pk_live_") == true)
                #expect(response.json["statusUrl"] as? String == "/v1/signups/\(id)")

                let status = try await client.call(.get, "/v1/signups/\(id)")
                #expect(status.json["status"] as? String == "provisioning")
                let early = try await client.call(.get, "/v1/tenant", token: response.json["apiKey"] as? String)
                #expect(early.code == "tenant_provisioning")

                let jobs = try await runtime.database.query(
                    "SELECT count(*) FROM control.jobs WHERE kind = 'tenant.provision' AND payload->>'tenantID' = \(id)")
                var count = 0
                for try await value in jobs.decode(Int.self) { count = value }
                #expect(count == 1)
            }
        }
    }

    @Test func badSignupsAreRefusedAndCreateNothing() async throws {
        try await TestDatabase.withShared { runtime in
            let taken = try await TestTenants.create(runtime)
            let hostileSlugs = ["admin", "api", "www", "ab", String(repeating: "a", count: 41), "-acme", "acme-", "Acme",
                                "acme inc", "acme';DROP TABLE control.tenants;--", "acmé", "a\"b", "a;b", "😀😀😀", "acme\u{0}x"]
            try await LiveServer.with(runtime) { client in
                func attempt(_ body: [String: Any]) async throws -> TestResponse {
                    try await client.call(.post, "/v1/signups", json: body)
                }
                let valid: [String: Any] = ["organization": "Org", "slug": TestTenants.uniqueSlug("ok"), "adminEmail": "a@b.example"]
                func with(_ key: String, _ value: Any) -> [String: Any] {
                    var body = valid
                    body[key] = value
                    return body
                }

                let duplicate = try await attempt(with("slug", taken.slug))
                #expect(duplicate.status == .conflict)
                #expect(duplicate.code == "slug_taken")
                #expect(duplicate.json["field"] as? String == "slug")

                for slug in hostileSlugs {
                    let response = try await attempt(with("slug", slug))
                    #expect(response.status == .unprocessableContent, "slug \(slug)")
                    #expect(response.json["field"] as? String == "slug", "slug \(slug)")
                }
                let reserved = try await attempt(with("slug", "admin"))
                #expect((reserved.json["detail"] as? String)?.contains("reserved") == true)

                #expect(try await attempt(with("adminEmail", "not-an-email")).json["field"] as? String == "adminEmail")
                #expect(try await attempt(with("plan", "platinum")).json["field"] as? String == "plan")
                #expect(try await attempt(with("organization", "  ")).json["field"] as? String == "organization")
                #expect(try await attempt(with("organization", "Evil\u{7}Corp")).json["field"] as? String == "organization")
                #expect(try await attempt(with("organization", 42)).json["field"] as? String == "organization")
                #expect(try await attempt(with("sneaky", true)).json["field"] as? String == "sneaky")

                let missing = try await client.call(.post, "/v1/signups", json: ["slug": "x-missing"])
                #expect(missing.status == .unprocessableContent)

                let notJSON = try await client.call(.post, "/v1/signups", rawBody: "slug=acme")
                #expect(notJSON.code == "malformed_json")
                let array = try await client.call(.post, "/v1/signups", rawBody: "[1,2]")
                #expect(array.status.code >= 400 && array.status.code < 500)
                let wrongType = try await client.call(.post, "/v1/signups", rawBody: "{}", headers: [.contentType: "text/plain"])
                #expect(wrongType.status == .unsupportedMediaType)

                let twoMegabytes = "{\"organization\":\"" + String(repeating: "x", count: 2 << 20) + "\",\"slug\":\"big-body\",\"adminEmail\":\"a@b.example\"}"
                let tooLarge = try await client.call(.post, "/v1/signups", rawBody: twoMegabytes)
                #expect(tooLarge.status == .contentTooLarge)

                // Unicode in the organization name is fine; it is only stored as text.
                let unicode = try await attempt(with("organization", "Ünïcødé “Org”; DROP TABLE x; --"))
                #expect(unicode.status == .accepted)
            }
            // Nothing was created for the refused signups.
            let refused = hostileSlugs.filter { !$0.contains("\u{0}") } + ["big-body", "x-missing"]
            let rows = try await runtime.database.query("SELECT count(*) FROM control.tenants WHERE slug = ANY(\(refused))")
            var count = 0
            for try await value in rows.decode(Int.self) { count = value }
            #expect(count == 0)
        }
    }

    /// A public sign-up for a paid plan starts that plan's trial (billing offers trials); an
    /// operator's tenant on a paid plan starts active, without one.
    @Test func publicSignupForAPaidPlanStartsItsTrial() async throws {
        try await TestDatabase.withShared { runtime in
            let operatorToken = try await TestTenants.createOperator(runtime)
            let trialSlugs = [TestTenants.uniqueSlug("paid"), TestTenants.uniqueSlug("paid")]
            let freeSlug = TestTenants.uniqueSlug("free")
            let operatorSlug = TestTenants.uniqueSlug("op-team")
            try await LiveServer.with(runtime) { client in
                for (slug, plan) in zip(trialSlugs, ["team", "enterprise"]) {
                    let accepted = try await client.call(.post, "/v1/signups", json: [
                        "organization": "Org", "slug": slug, "adminEmail": "a@b.example", "plan": plan,
                    ])
                    #expect(accepted.status == .accepted, "plan \(plan)")
                }
                let unknown = try await client.call(.post, "/v1/signups", json: [
                    "organization": "Org", "slug": TestTenants.uniqueSlug("x"), "adminEmail": "a@b.example", "plan": "platinum",
                ])
                #expect(unknown.status == .unprocessableContent)
                #expect(unknown.json["field"] as? String == "plan")
                let free = try await client.call(.post, "/v1/signups", json: [
                    "organization": "Org", "slug": freeSlug, "adminEmail": "a@b.example", "plan": "free",
                ])
                #expect(free.status == .accepted)
                let byOperator = try await client.call(.post, "/admin/v1/tenants", token: operatorToken, json: [
                    "organization": "Org", "slug": operatorSlug, "adminEmail": "a@b.example", "plan": "team",
                ])
                #expect(byOperator.status == .accepted)
            }
            let rows = try await runtime.database.query("""
                SELECT t.slug, t.plan, s.status, s.trial_ends_at IS NOT NULL
                FROM control.tenants t JOIN control.billing_subscriptions s ON s.tenant_id = t.id
                WHERE t.slug = ANY(\(trialSlugs + [freeSlug, operatorSlug]))
                """)
            var subscriptions: [String: String] = [:]
            for try await (slug, plan, status, hasTrialEnd) in rows.decode((String, String, String, Bool).self) {
                subscriptions[slug] = "\(plan) \(status) \(hasTrialEnd)"
            }
            #expect(subscriptions == [
                trialSlugs[0]: "team trialing true", trialSlugs[1]: "enterprise trialing true",
                freeSlug: "free active false", operatorSlug: "team active false",
            ])
        }
    }

    @Test func signupsAreRateLimitedPerClientAddress() async throws {
        try await TestDatabase.withShared(overrides: ["provisioning.signupsPerMinute": "3"]) { runtime in
            try await LiveServer.with(runtime) { client in
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<5 {
                    let response = try await client.call(.post, "/v1/signups", json: [
                        "organization": "Org", "slug": TestTenants.uniqueSlug("rl"), "adminEmail": "a@b.example",
                    ])
                    statuses.append(response.status)
                }
                #expect(statuses.prefix(3).allSatisfy { $0 == .accepted })
                #expect(statuses.last == .tooManyRequests)
            }
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import PorticoCore
import Testing
@testable import PorticoApp
@testable import PorticoProvisioning

/// Unauthenticated traffic: well-formed keys nobody issued (valid checksum, unknown lookup id)
/// must not cost a database lookup per request, nor push good keys out of the cache. Each test
/// has a database of its own, so no other test's revocations drop the cache it watches.
@Suite struct CredentialFloodTests {
    static func madeUpKeys(_ count: Int) -> [String] {
        (0..<count).map { _ in SecretToken.generate(.apiKey).value }
    }

    /// Waits until the key is answered from memory (the cache trusts its epoch once it was read).
    static func cachedInMemory(_ key: String, _ credentials: CredentialCache, _ client: some TestClientProtocol) async throws {
        let token = try #require(SecretToken(parsing: key, as: .apiKey))
        try await eventually("the good key is cached") {
            let status = try await client.call(.get, "/v1/tenant", token: key).status
            #expect(status == .ok)
            return credentials.cachedAPIKey(token) != nil
        }
    }

    @Test func repeatedUnknownKeysAreLookedUpOnce() async throws {
        try await TestDatabase.withFreshMigrated(overrides: ["auth.failedAttemptsPerMinute": "1000"]) { _, runtime in
            let tenant = try await TestTenants.create(runtime)
            let credentials = CredentialCache(database: runtime.database, plans: runtime.plans, pollInterval: runtime.settings.authPollInterval)
            let madeUp = Self.madeUpKeys(5)
            try await LiveServer.with(runtime, credentials: credentials) { client in
                try await Self.cachedInMemory(tenant.apiKey, credentials, client)
                let before = credentials.databaseLookups
                let started = ContinuousClock.now
                for _ in 0..<20 {
                    for key in madeUp {
                        let response = try await client.call(.get, "/v1/tenant", token: key)
                        #expect(response.code == "invalid_api_key")
                    }
                }
                // A miss is remembered for 30 s: a machine slow enough to take longer looks it up again.
                let lookups = madeUp.count * (1 + Int((ContinuousClock.now - started) / MissCache.maximumAge))
                #expect((madeUp.count...lookups).contains(credentials.databaseLookups - before), "one lookup per unknown key, not per request")
                let afterFlood = credentials.databaseLookups
                #expect(try await client.call(.get, "/v1/tenant", token: tenant.apiKey).status == .ok)
                #expect(credentials.databaseLookups == afterFlood, "the good key is still answered from memory")
            }
        }
    }

    @Test func anAddressPastItsBudgetOfFailuresIsRefusedBeforeAnyLookup() async throws {
        try await TestDatabase.withFreshMigrated(overrides: ["auth.failedAttemptsPerMinute": "5"]) { _, runtime in
            let tenant = try await TestTenants.create(runtime)
            let other = try await TestTenants.create(runtime)
            let credentials = CredentialCache(database: runtime.database, plans: runtime.plans, pollInterval: runtime.settings.authPollInterval)
            try await LiveServer.with(runtime, credentials: credentials) { client in
                try await Self.cachedInMemory(tenant.apiKey, credentials, client)
                let before = credentials.databaseLookups
                var codes: [String?] = []
                var lastRefusal: (response: TestResponse, at: ContinuousClock.Instant)?
                let floodStarted = ContinuousClock.now
                for key in Self.madeUpKeys(30) {
                    let response = try await client.call(.get, "/v1/tenant", token: key)
                    codes.append(response.code)
                    if response.status == .tooManyRequests { lastRefusal = (response, .now) }
                }
                // The budget (5 a minute) earns one attempt back every 12 s; a loaded machine may
                // take that long to send the flood, and those attempts are allowed too.
                let earnedBack = Int((ContinuousClock.now - floodStarted) / .seconds(12))
                let lookedUp = codes.filter { $0 == "invalid_api_key" }.count
                #expect(codes.prefix(5).allSatisfy { $0 == "invalid_api_key" })
                #expect(codes.allSatisfy { $0 == "invalid_api_key" || $0 == "too_many_failed_attempts" })
                #expect(lookedUp <= 5 + earnedBack, "past the budget only what it earned back is looked up")
                #expect(credentials.databaseLookups - before == lookedUp, "the flood reached the database only within the budget")
                let refusal = try #require(lastRefusal)
                #expect(Int(refusal.response.headers[HTTPField.Name("Retry-After")!] ?? "") ?? 0 >= 1)
                #expect(refusal.response.headers[.contentType] == "application/problem+json")

                // A key verified before still works from the blocked address, from memory; one
                // that would need a lookup waits like the made-up ones (unless the wait passed).
                #expect(try await client.call(.get, "/v1/tenant", token: tenant.apiKey).status == .ok)
                #expect(credentials.databaseLookups - before == lookedUp)
                let otherCode = try await client.call(.get, "/v1/tenant", token: other.apiKey).code
                let retryAfter = Int(refusal.response.headers[HTTPField.Name("Retry-After")!] ?? "") ?? 0
                if ContinuousClock.now - refusal.at < .seconds(retryAfter - 1) {
                    #expect(otherCode == "too_many_failed_attempts")
                }
            }
        }
    }

    @Test func madeUpOperatorTokensCountAgainstTheSameBudget() async throws {
        try await TestDatabase.withShared(overrides: ["auth.failedAttemptsPerMinute": "3"]) { runtime in
            try await LiveServer.with(runtime) { client in
                var codes: [String?] = []
                for _ in 0..<6 {
                    let token = SecretToken.generate(.operatorToken).value
                    codes.append(try await client.call(.get, "/admin/v1/tenants", token: token).code)
                }
                #expect(codes.prefix(3).allSatisfy { $0 == "invalid_operator_token" })
                #expect(codes.dropFirst(3).allSatisfy { $0 == "too_many_failed_attempts" })
            }
        }
    }
}

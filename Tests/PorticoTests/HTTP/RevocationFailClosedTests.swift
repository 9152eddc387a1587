import Foundation
import HTTPTypes
import HummingbirdTesting
import PorticoCore
import PorticoStore
import Synchronization
import Testing
@testable import PorticoApp
@testable import PorticoProvisioning

/// "Revoked within 2 s" also holds on a replica that cannot read the revocation epoch: its cache
/// stops being trusted and keys are checked against the database.
@Suite struct RevocationFailClosedTests {
    struct EpochUnreadable: Error {}

    final class EpochSwitch: Sendable {
        let readable = Atomic<Bool>(true)
    }

    @Test func aKeyRevokedWhileTheEpochCannotBeReadIsRefusedWithinTwoSeconds() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            let epoch = EpochSwitch()
            let database = runtime.database
            let credentials = CredentialCache(database: database, plans: runtime.plans, pollInterval: runtime.settings.authPollInterval) {
                guard epoch.readable.load(ordering: .relaxed) else { throw EpochUnreadable() }
                return try await CredentialCache.readEpoch(from: database)
            }
            try await LiveServer.with(runtime, credentials: credentials) { client in
                let created = try await client.call(.post, "/v1/keys", token: tenant.apiKey, json: ["name": "doomed", "scopes": ["catalog:read"]])
                let doomed = try #require(created.json["secret"] as? String)
                let id = try #require(created.json["id"] as? String)
                let token = try #require(SecretToken(parsing: doomed, as: .apiKey))
                try await eventually("the key is cached") {
                    let status = try await client.call(.get, "/v1/tenant", token: doomed).status
                    #expect(status == .ok)
                    return credentials.cachedAPIKey(token) != nil
                }

                epoch.readable.store(false, ordering: .relaxed)
                #expect(try await client.call(.delete, "/v1/keys/\(id)", token: tenant.apiKey).status == .noContent)
                try await eventually("the revoked key is refused", timeout: .seconds(3)) {
                    try await client.call(.get, "/v1/tenant", token: doomed).code == "invalid_api_key"
                }
                // Good keys keep working, each checked against the database: once a key that was just
                // verified is not in the trusted cache, the cache is no longer trusted (for good: the
                // epoch stays unreadable).
                let adminToken = try #require(SecretToken(parsing: tenant.apiKey, as: .apiKey))
                try await eventually("the cache is no longer trusted", timeout: .seconds(3)) {
                    let status = try await client.call(.get, "/v1/tenant", token: tenant.apiKey).status
                    #expect(status == .ok)
                    return credentials.cachedAPIKey(adminToken) == nil
                }
                let before = credentials.databaseLookups
                #expect(try await client.call(.get, "/v1/tenant", token: tenant.apiKey).status == .ok)
                #expect(try await client.call(.get, "/v1/tenant", token: tenant.apiKey).status == .ok)
                #expect(credentials.databaseLookups - before == 2)
            }
        }
    }
}

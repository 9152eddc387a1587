import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PorticoApp
import PostgresNIO
import Testing

/// Tenant B tries every route of the foundation against tenant A's data, concurrently with A's own
/// traffic, and never sees or changes anything of A's.
@Suite struct TenantIsolationTests {
    @Test func tenantsCannotReachEachOthersDataByAnyRoute() async throws {
        try await TestDatabase.withShared { runtime in
            let a = try await TestTenants.create(runtime, plan: "enterprise")
            let b = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let aKey = try await client.call(.post, "/v1/keys", token: a.apiKey, json: ["name": "a-tool", "scopes": ["catalog:read"]])
                let aKeyID = try #require(aKey.json["id"] as? String)
                let aKeySecret = try #require(aKey.json["secret"] as? String)

                // Each request on a connection of its own, so they overlap (the test client pipelines on one).
                let port = try #require(client.port)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            // A's own traffic, interleaved with B's attempts.
                            let own = try await RawHTTP.send(port: port, .get, "/v1/tenant", token: a.apiKey)
                            #expect(own.json["id"] as? String == a.id.description)
                        }
                        group.addTask {
                            let view = try await RawHTTP.send(port: port, .get, "/v1/tenant", token: b.apiKey)
                            #expect(view.json["id"] as? String == b.id.description)
                            #expect(view.json["slug"] as? String == b.slug)

                            let keys = try await RawHTTP.send(port: port, .get, "/v1/keys", token: b.apiKey)
                            let ids = (keys.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                            #expect(!ids.contains { $0.lowercased() == aKeyID.lowercased() })
                            #expect((keys.json["items"] as? [[String: Any]] ?? []).allSatisfy {
                                ($0["tenantId"] as? String) == b.id.description
                            })

                            let revoke = try await RawHTTP.send(port: port, .delete, "/v1/keys/\(aKeyID)", token: b.apiKey)
                            #expect(revoke.status == 404)

                            // Path ids, query strings and headers cannot pick another tenant.
                            let smuggled = try await RawHTTP.send(
                                port: port, .get, "/v1/tenant?tenant=\(a.id)&slug=\(a.slug)", token: b.apiKey,
                                headers: [HTTPField.Name("X-Tenant-Id")!: a.id.description])
                            #expect(smuggled.json["id"] as? String == b.id.description)
                            let signupStatus = try await RawHTTP.send(port: port, .get, "/v1/signups/\(a.id)", token: b.apiKey)
                            #expect(signupStatus.json["apiKey"] == nil)

                            // B's key is no operator token.
                            let admin = try await RawHTTP.send(port: port, .get, "/admin/v1/tenants/\(a.slug)", token: b.apiKey)
                            #expect(admin.status == 401)
                            let adminKeys = try await RawHTTP.send(port: port, .get, "/admin/v1/tenants/\(a.id)/keys", token: b.apiKey)
                            #expect(adminKeys.status == 401)
                            let suspend = try await RawHTTP.send(port: port, .post, "/admin/v1/tenants/\(a.slug)/suspend", token: b.apiKey)
                            #expect(suspend.status == 401)
                        }
                    }
                    try await group.waitForAll()
                }

                // A's key still works, A's data is unchanged.
                #expect(try await client.call(.get, "/v1/tenant", token: aKeySecret).status == .ok)
                let aKeys = try await client.call(.get, "/v1/keys", token: a.apiKey)
                let listed = (aKeys.json["items"] as? [[String: Any]] ?? [])
                #expect(listed.count == 2)
                #expect(listed.allSatisfy { $0["revokedAt"] == nil })
                let aView = try await client.call(.get, "/v1/tenant", token: a.apiKey)
                #expect(aView.json["status"] as? String == "active")
            }
        }
    }

    @Test func tenantScopedTransactionsCannotSeeOtherSchemas() async throws {
        try await TestDatabase.withShared { runtime in
            let a = try await TestTenants.create(runtime)
            let b = try await TestTenants.create(runtime)
            try await runtime.database.withTenantTransaction(a.id) { connection in
                _ = try await connection.query("INSERT INTO settings (key, value) VALUES ('owner', '\"a\"')", logger: runtime.logger)
            }
            // Unqualified names resolve to the tenant's own schema only.
            let count = try await runtime.database.withTenantTransaction(b.id) { connection -> Int in
                let rows = try await connection.query("SELECT count(*) FROM settings", logger: runtime.logger)
                var count = 0
                for try await value in rows.decode(Int.self) { count = value }
                return count
            }
            #expect(count == 0)
            // Even a qualified name of another tenant's schema is refused by the role.
            await #expect(throws: (any Error).self) {
                try await runtime.database.withTenantTransaction(b.id) { connection in
                    try await connection.query(
                        PostgresNIO.PostgresQuery(unsafeSQL: "SELECT * FROM \(a.id.schemaName.quoted).settings"), logger: runtime.logger)
                }
            }
            await #expect(throws: (any Error).self) {
                try await runtime.database.withTenantTransaction(b.id) { connection in
                    try await connection.query("SELECT * FROM control.api_keys", logger: runtime.logger)
                }
            }
        }
    }
}

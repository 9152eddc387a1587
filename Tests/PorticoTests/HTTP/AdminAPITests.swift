import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PorticoApp
import PorticoProvisioning
import PorticoStore
import Testing

/// The operators' API: tenants, keys, jobs, plans, audit.
@Suite struct AdminAPITests {
    @Test func operatorsManageTenantsAndEveryActionIsAudited() async throws {
        try await TestDatabase.withShared { runtime in
            let token = try await TestTenants.createOperator(runtime)
            let slug = TestTenants.uniqueSlug("adm")
            try await LiveServer.with(runtime) { client in
                #expect(try await client.call(.get, "/admin/v1/tenants").status == .unauthorized)
                #expect(try await client.call(.get, "/admin/v1/tenants", token: "po_live_nope").code == "invalid_operator_token")

                let created = try await client.call(.post, "/admin/v1/tenants", token: token, json: [
                    "organization": "Admin Made", "slug": slug, "adminEmail": "a@b.example", "plan": "free",
                ])
                #expect(created.status == .accepted)
                let id = try #require((created.json["tenant"] as? [String: Any])?["id"] as? String)

                let byPrefix = try await client.call(.get, "/admin/v1/tenants?slugPrefix=\(slug)", token: token)
                #expect((byPrefix.json["items"] as? [[String: Any]])?.map { $0["slug"] as? String } == [slug])
                let byStatus = try await client.call(.get, "/admin/v1/tenants?status=provisioning&slugPrefix=\(slug)", token: token)
                #expect((byStatus.json["items"] as? [Any])?.count == 1)
                let badStatus = try await client.call(.get, "/admin/v1/tenants?status=zombie", token: token)
                #expect(badStatus.json["field"] as? String == "status")

                let shown = try await client.call(.get, "/admin/v1/tenants/\(slug)", token: token)
                #expect(shown.json["id"] as? String == id)
                #expect(try await client.call(.get, "/admin/v1/tenants/\(id)", token: token).json["slug"] as? String == slug)
                #expect(try await client.call(.get, "/admin/v1/tenants/no-such-tenant", token: token).status == .notFound)

                // Only an active tenant can be suspended.
                let tooEarly = try await client.call(.post, "/admin/v1/tenants/\(slug)/suspend", token: token)
                #expect(tooEarly.code == "invalid_tenant_state")

                let plan = try await client.call(.put, "/admin/v1/tenants/\(slug)/plan", token: token, json: ["plan": "enterprise"])
                #expect(plan.json["plan"] as? String == "enterprise")
                let badPlan = try await client.call(.put, "/admin/v1/tenants/\(slug)/plan", token: token, json: ["plan": "gold"])
                #expect(badPlan.json["field"] as? String == "plan")

                let issued = try await client.call(.post, "/admin/v1/tenants/\(slug)/keys", token: token, json: [
                    "name": "ci", "scopes": ["catalog:read", "catalog:write"],
                ])
                #expect(issued.status == .created)
                let keyID = try #require(issued.json["id"] as? String)
                let keys = try await client.call(.get, "/admin/v1/tenants/\(slug)/keys", token: token)
                #expect((keys.json["items"] as? [[String: Any]])?.count == 2)
                #expect((keys.json["items"] as? [[String: Any]] ?? []).allSatisfy { $0["secret"] == nil })
                let revoked = try await client.call(.delete, "/admin/v1/tenants/\(slug)/keys/\(keyID)", token: token)
                #expect(revoked.json["revokedAt"] != nil)

                let deleted = try await client.call(.delete, "/admin/v1/tenants/\(slug)", token: token)
                #expect(deleted.status == .accepted)
                #expect(deleted.json["status"] as? String == "deleting")

                let audit = try await client.call(.get, "/admin/v1/audit?target=\(id)", token: token)
                let actions = (audit.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
                #expect(actions == ["tenant.delete", "key.revoke", "key.issue", "tenant.set-plan", "tenant.create"])
            }
        }
    }

    @Test func suspendResumeAndDeleteRunTheLifecycle() async throws {
        try await TestDatabase.withShared { runtime in
            let token = try await TestTenants.createOperator(runtime)
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let suspended = try await client.call(.post, "/admin/v1/tenants/\(tenant.slug)/suspend", token: token, json: ["reason": "billing"])
                #expect(suspended.json["status"] as? String == "suspended")
                #expect(suspended.json["statusReason"] as? String == "billing")
                let resumed = try await client.call(.post, "/admin/v1/tenants/\(tenant.id)/resume", token: token)
                #expect(resumed.json["status"] as? String == "active")
                #expect(try await client.call(.delete, "/admin/v1/tenants/\(tenant.slug)", token: token).status == .accepted)
            }
            // The deletion job drops the schema and revokes the keys.
            let service = runtime.testTenantService()
            try await service.destroy(tenant.id)
            let after = try await service.tenant(tenant.id)
            #expect(after.status == .deleted)
            let schemaExists = try await runtime.database.withConnection { connection in
                try await PorticoStore.TenantSchema.exists(tenant.id, on: connection, logger: runtime.logger)
            }
            #expect(!schemaExists)
            let keys = try await service.keys(for: tenant.id)
            #expect(keys.allSatisfy { $0.revokedAt != nil })
            try await LiveServer.with(runtime) { client in
                let response = try await client.call(.get, "/v1/tenant", token: tenant.apiKey)
                #expect(response.code == "invalid_api_key")
            }
        }
    }

    @Test func deadJobsAreListedAndRetried() async throws {
        try await TestDatabase.withShared { runtime in
            let token = try await TestTenants.createOperator(runtime)
            let kind = "test.dead.\(UUID().uuidString.prefix(8))"
            let rows = try await runtime.database.query("""
                INSERT INTO control.jobs (kind, state, attempts, max_attempts, last_error, finished_at)
                VALUES (\(kind), 'dead', 3, 3, 'boom', now()) RETURNING id
                """)
            var inserted: Int64 = 0
            for try await value in rows.decode(Int64.self) { inserted = value }
            let id = inserted
            try await LiveServer.with(runtime) { client in
                let dead = try await client.call(.get, "/admin/v1/jobs?state=dead&limit=500", token: token)
                let items = dead.json["items"] as? [[String: Any]] ?? []
                let listed = items.first { ($0["id"] as? NSNumber)?.int64Value == id }
                #expect(listed?["lastError"] as? String == "boom")
                #expect(try await client.call(.post, "/admin/v1/jobs/\(id)/retry", token: token).status == .accepted)
                #expect(try await client.call(.post, "/admin/v1/jobs/\(id)/retry", token: token).code == "job_not_dead")
            }
            let state = try await runtime.database.query("SELECT state, attempts FROM control.jobs WHERE id = \(id)")
            for try await (value, attempts) in state.decode((String, Int).self) {
                #expect(value == "pending")
                #expect(attempts == 0)
            }
            try await runtime.database.query("DELETE FROM control.jobs WHERE id = \(id)")
        }
    }
}

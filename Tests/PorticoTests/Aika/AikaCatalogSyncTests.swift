import Foundation
import HummingbirdTesting
import PostgresNIO
import Testing
@testable import PorticoAika
@testable import PorticoApp

@Suite struct AikaCatalogSyncTests {
    @Test func anEntityTheWritesMissedIsFoundByComparingRefs() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                try await client.pushCatalog(AikaCatalog.payments, token: tenant.apiKey)
                let first = try await runtime.syncAikaCatalog(tenant.id)
                #expect(first.indexed == AikaCatalog.payments.count && first.missing == 0)
                // As if a long catalog transaction had committed behind the sync's window.
                _ = try await runtime.database.withTenantTransaction(tenant.id) { connection in
                    try await connection.query("DELETE FROM aika_passages WHERE source_id = 'entity:component:default/checkout'", logger: runtime.logger)
                }
                _ = try await runtime.database.query(
                    "UPDATE control.aika_tenants SET synced_at = now() + interval '1 hour' WHERE tenant_id = \(tenant.id.uuid)")
                let second = try await runtime.syncAikaCatalog(tenant.id)
                #expect(second.missing == 1 && second.indexed == 1, "\(second)")
                let consumed = try await client.ask("Which APIs does checkout consume?", token: tenant.apiKey)
                #expect((consumed.json["answer"] as? String)?.contains("api:default/ledger-api") == true, "\(consumed.json)")
                let quiet = try await runtime.syncAikaCatalog(tenant.id)
                #expect(quiet.indexed == 0 && quiet.missing == 0 && quiet.dropped == 0, "\(quiet)")
            }
        }
    }
}

import Foundation
import PorticoCore
import Testing
@testable import PorticoApp
@testable import PorticoInsights

/// The plan's daily cap on events is checked before a batch is stored, from what the rollups hold.
@Suite struct InsightsQuotaTests {
    @Test func aBatchPastTheDailyCapIsRefusedBeforeAnythingIsStored() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "team")
            let entitlements = Entitlements(
                plan: "team", entitlements: [InsightsModule.entitlement],
                limits: PlanLimits(requestsPerSecond: 50, burst: 100, values: [InsightsModule.maxEventsPerDay: 5]))
            let context = TenantContext(id: tenant.id, slug: Slug(stored: tenant.slug), entitlements: entitlements)
            let quota = DailyEventQuota(database: runtime.database)
            let store = EventStoreFixture(runtime: runtime)

            try await quota.check(3, for: context, now: Date())
            try await store.insert(3, for: tenant.id)
            try await runtime.rollUpInsights(tenant.id)

            // A fresh quota (another replica, or after its few seconds) reads the rolled-up count.
            let error = await #expect(throws: PorticoError.self) {
                try await DailyEventQuota(database: runtime.database).check(3, for: context, now: Date())
            }
            #expect(error?.code == "plan_limit_reached")
            try await DailyEventQuota(database: runtime.database).check(2, for: context, now: Date())
            // This process counts what it let through until it reads the database again.
            try await quota.check(2, for: context, now: Date())
            await #expect(throws: PorticoError.self) { try await quota.check(1, for: context, now: Date()) }
        }
    }
}

/// Stores events for a tenant without the HTTP layer.
struct EventStoreFixture {
    let runtime: Runtime

    func insert(_ count: Int, for tenant: TenantID) async throws {
        let validator = EventValidator(now: Date())
        let rows = try (0..<count).map { index in
            let json = InsightsEvents.event(id: UUID().uuidString, user: "user:default/u\(index)")
            let event = try IncomingEvent.reading(JSONSerialization.data(withJSONObject: json))
            return EventStore.Row(event: try validator.validate(event), userKey: "p:test\(index)")
        }
        _ = try await runtime.database.withTenantTransaction(tenant) { connection in
            try await EventStore(connection: connection, logger: runtime.logger).insert(rows)
        }
    }
}

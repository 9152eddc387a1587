import Foundation
import HummingbirdTesting
@testable import PorticoCatalog
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp

/// A location's refresh schedule never ends silently: whatever a refresh runs into, the location
/// says what went wrong and the next refresh is scheduled.
@Suite(.serialized) struct CatalogLocationScheduleTests {
    static let component = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: billing
        spec:
          type: service
          lifecycle: production
          owner: team-a
        """

    static let fastRetries = RetryPolicy(base: .milliseconds(10), cap: .milliseconds(50))

    @Test func databaseErrorIsRecordedOnTheLocationAndTheScheduleGoesOn() async throws {
        let files = CatalogIngestionTests.FixtureFiles(["billing.yaml": Self.component])
        try await CatalogIngestionTests.withIngestion(files: files, retryPolicy: Self.fastRetries) { base, runtime, client, tenant, _ in
            // Every entity but the location's own Location entity (written at registration) is refused.
            try await Self.alter("entities", "ADD CONSTRAINT refuse_writes CHECK (kind = 'location') NOT VALID", of: tenant, runtime)
            let id = try await Self.register("\(base)/billing.yaml", tenant, client)

            let failed = try await Self.refreshed(id, tenant, client)
            #expect(failed["status"] as? String == "failed")
            #expect((failed["message"] as? String)?.contains("refuse_writes") == true, "\(failed)")
            #expect(failed["failedRefreshes"] as? Int == 1)
            try await Self.expectNextRefreshScheduled(runtime)

            // The cause fixed, the next refresh (brought forward) succeeds and clears the failure.
            try await Self.alter("entities", "DROP CONSTRAINT refuse_writes", of: tenant, runtime)
            try await JobQueue(database: runtime.database).enqueueOrAdvance(
                CatalogJobs.refreshLocation, LocationJobPayload(tenantID: tenant.id, locationID: id),
                uniqueKey: CatalogJobs.refreshKey(tenant: tenant.id, location: id))
            try await eventually("the location is refreshed again") {
                try await Self.location(id, tenant, client)["status"] as? String == "ok"
            }
            #expect(try await Self.location(id, tenant, client)["failedRefreshes"] as? Int == 0)
            #expect(try await client.entityNames("/api/catalog/entities", token: tenant.apiKey)
                    == ["billing", GeneratedLocationEntity(type: "url", target: "\(base)/billing.yaml").name])
            try await Self.expectNextRefreshScheduled(runtime)
        }
    }

    @Test func refreshPastItsDeadlineIsRecordedOnTheLocationAndTheScheduleGoesOn() async throws {
        let files = CatalogIngestionTests.FixtureFiles(["billing.yaml": Self.component])
        try await CatalogIngestionTests.withIngestion(
            files: files, retryPolicy: RetryPolicy(), adjust: { $0.setDeadline(.seconds(1), for: CatalogJobs.refreshLocation) }
        ) { base, runtime, client, tenant, _ in
            let id = try await Self.register("\(base)/slow/billing.yaml", tenant, client)

            let failed = try await Self.refreshed(id, tenant, client)
            #expect(failed["status"] as? String == "failed")
            #expect(failed["message"] as? String == "deadline of 1 s exceeded")
            #expect(failed["failedRefreshes"] as? Int == 1)
            try await Self.expectNextRefreshScheduled(runtime)
        }
    }

    /// Even when the failure cannot be written (the database refuses that too), the job's last
    /// attempt does not end the schedule: it starts over later.
    @Test func refreshJobWhoseAttemptsRunOutStartsOver() async throws {
        let files = CatalogIngestionTests.FixtureFiles(["billing.yaml": Self.component])
        try await CatalogIngestionTests.withIngestion(files: files, retryPolicy: Self.fastRetries) { base, runtime, client, tenant, _ in
            // Every entity but the location's own Location entity (written at registration) is refused.
            try await Self.alter("entities", "ADD CONSTRAINT refuse_writes CHECK (kind = 'location') NOT VALID", of: tenant, runtime)
            try await Self.alter("locations", "ADD CONSTRAINT refuse_failures CHECK (status <> 'failed') NOT VALID", of: tenant, runtime)
            _ = try await Self.register("\(base)/billing.yaml", tenant, client)

            var jobs: [JobRow] = []
            try await eventually("the refresh job has used up its attempts") {
                jobs = try await JobTestSupport.jobs(kind: CatalogJobs.refreshLocation.name, runtime.database)
                return jobs.count == 1 && jobs[0].state == "pending" && jobs[0].attempts == 0 && jobs[0].lastError != nil
            }
            #expect(jobs[0].lastError?.contains("refuse_failures") == true, "\(jobs)")
            #expect(jobs[0].runAt.timeIntervalSinceNow > 1500, "starts over in about 30 minutes")
        }
    }

    // MARK: - Helpers

    /// Breaks (or mends) one of the tenant's tables, as a real database error would.
    static func alter(_ table: String, _ change: String, of tenant: TestTenant, _ runtime: Runtime) async throws {
        try await runtime.database.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(tenant.id.schemaName.quoted).\(table) \(change)"))
    }

    static func register(_ target: String, _ tenant: TestTenant, _ client: any TestClientProtocol) async throws -> UUID {
        let created = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey, json: ["type": "url", "target": target])
        #expect(created.status == .created)
        let id = try #require((created.json["location"] as? [String: Any])?["id"] as? String)
        return try #require(UUID(uuidString: id))
    }

    /// The location's refresh status.
    static func location(_ id: UUID, _ tenant: TestTenant, _ client: any TestClientProtocol) async throws -> [String: Any] {
        try await client.call(.get, "/api/catalog/locations/\(id.uuidString.lowercased())/status", token: tenant.apiKey).json
    }

    /// The location once its first refresh has ended, whichever way.
    static func refreshed(_ id: UUID, _ tenant: TestTenant, _ client: any TestClientProtocol) async throws -> [String: Any] {
        var location: [String: Any] = [:]
        try await eventually("the location is refreshed") {
            location = try await Self.location(id, tenant, client)
            return location["status"] as? String != "pending"
        }
        return location
    }

    /// Every refresh job ran to completion and the next one waits for the refresh interval.
    static func expectNextRefreshScheduled(_ runtime: Runtime, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var jobs: [JobRow] = []
        try await eventually("the next refresh is scheduled", sourceLocation: sourceLocation) {
            jobs = try await JobTestSupport.jobs(kind: CatalogJobs.refreshLocation.name, runtime.database)
            return jobs.last?.state == "pending" && jobs.dropLast().allSatisfy { $0.state == "succeeded" }
        }
        // The default interval is 30 minutes, ± 10%.
        #expect(try #require(jobs.last, sourceLocation: sourceLocation).runAt.timeIntervalSinceNow > 1500, sourceLocation: sourceLocation)
    }
}

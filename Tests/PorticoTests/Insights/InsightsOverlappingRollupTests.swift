import Foundation
import Testing
@testable import PorticoApp
@testable import PorticoInsights

/// A rollup run that starts while another run of the same tenant is still folding (a large
/// backlog) steps aside at once instead of waiting on the state row into its lock timeout and
/// failing; the events are left to a run after the first has committed.
@Suite struct InsightsOverlappingRollupTests {
    @Test func aRunWhileAnotherFoldsStepsAsideAndTheNextTakesTheEvents() async throws {
        var random = SeededGenerator(state: 31)
        let events = (0..<20).map { index in
            EventGenerator.event(id: "overlap-\(index)", at: Date().addingTimeInterval(-Double(60 + index)), user: "user:default/ana", using: &random)
        }
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                try await client.postAll(events, token: tenant.apiKey)
            }
            let rollup = EventRollup(database: runtime.database)
            let folding = Flag(false)
            let holder = Task {
                try await runtime.database.withTenantTransaction(tenant.id) { connection in
                    try await connection.execute("SELECT 1 FROM insights_rollup_state FOR UPDATE", logger: runtime.logger)
                    folding.set(true)
                    try await Task.sleep(for: .seconds(7))
                }
            }
            try await eventually("the other run holds the state row") { folding.isSet }
            // Held past the 5 s lock timeout, which a run waiting for the row would fail with.
            #expect(try await rollup.run(for: tenant.id)?.number == nil)
            #expect(try await runtime.insightsCount(tenant.id, "SELECT run::int FROM insights_rollup_state") == 0)
            try await holder.value

            let run = try #require(try await rollup.run(for: tenant.id))
            #expect(run.events == Int64(events.count))
        }
    }
}

import Foundation
import Testing
@testable import PorticoInsights

/// When a rollup run asks for a merge of the per-user rows appended since the last one.
@Suite struct InsightsMergePolicyTests {
    static let policy = RollupMerge.Policy(afterRows: 1_000, afterTime: .seconds(600))
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func run(unmergedRows: Int64, mergedSecondsAgo: Double) -> EventRollup.Run {
        var run = EventRollup.Run(number: 7, events: 10, at: now)
        run.unmergedRows = unmergedRows
        run.mergedAt = now.addingTimeInterval(-mergedSecondsAgo)
        return run
    }

    @Test func dueOnceEnoughRowsWaitOrTheLastMergeIsOld() {
        #expect(!Self.policy.isDue(after: Self.run(unmergedRows: 999, mergedSecondsAgo: 599), now: Self.now))
        #expect(Self.policy.isDue(after: Self.run(unmergedRows: 1_000, mergedSecondsAgo: 1), now: Self.now))
        #expect(Self.policy.isDue(after: Self.run(unmergedRows: 1, mergedSecondsAgo: 600), now: Self.now))
        #expect(!Self.policy.isDue(after: Self.run(unmergedRows: 0, mergedSecondsAgo: 86_400), now: Self.now), "nothing to merge")
    }
}

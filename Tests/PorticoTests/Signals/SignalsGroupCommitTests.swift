import Foundation
import PorticoCore
import Synchronization
import Testing
@testable import PorticoSignals

/// The per-tenant grouping of deliveries, and the rules that make a group write what the same
/// deliveries one at a time would have.
@Suite struct SignalsGroupCommitTests {
    struct Overflow: Error {}

    /// The first group is held until the others wait behind it: they must then go as one group,
    /// each answered with its own result.
    @Test func itemsThatWaitWhileAGroupIsWrittenGoTogetherEachWithItsOwnAnswer() async throws {
        let gate = Gate()
        let groups = Mutex<[[Int]]>([])
        let commit = TenantGroupCommit<Int, Int>(maximumGroup: 100, maximumInFlight: 1, maximumWaiting: 100, overflow: Overflow()) { items, _ in
            groups.withLock { $0.append(items) }
            if items == [0] { await gate.wait() }
            return items.map { .success($0 * 10) }
        }
        let tenant = TenantID(UUID())
        try await withThrowingTaskGroup(of: (Int, Int).self) { tasks in
            tasks.addTask { (0, try await commit.submit(0, tenant: tenant)) }
            while groups.withLock({ $0.isEmpty }) { await Task.yield() }
            for item in 1...9 {
                tasks.addTask { (item, try await commit.submit(item, tenant: tenant)) }
            }
            while commit.waiting(for: tenant) < 9 { try await Task.sleep(for: .milliseconds(1)) }
            gate.open()
            for try await (item, answer) in tasks {
                #expect(answer == item * 10)
            }
        }
        let written = groups.withLock { $0 }
        #expect(written.count == 2)
        #expect(written.first == [0])
        #expect(Set(written.last ?? []) == Set(1...9))
        #expect(commit.waiting(for: tenant) == 0)
    }

    @Test func pastItsWaitingLimitASubmissionIsRefusedAndOtherTenantsGoOn() async throws {
        let gate = Gate()
        let started = Atomic<Int>(0)
        let commit = TenantGroupCommit<Int, Int>(maximumGroup: 100, maximumInFlight: 1, maximumWaiting: 2, overflow: Overflow()) { items, _ in
            if started.add(1, ordering: .relaxed).oldValue == 0 { await gate.wait() }
            return items.map { .success($0) }
        }
        let busy = TenantID(UUID())
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { _ = try await commit.submit(0, tenant: busy) }
            while started.load(ordering: .relaxed) == 0 { await Task.yield() }
            for item in 1...2 {
                tasks.addTask { _ = try await commit.submit(item, tenant: busy) }
            }
            while commit.waiting(for: busy) < 2 { try await Task.sleep(for: .milliseconds(1)) }
            await #expect(throws: Overflow.self) { try await commit.submit(3, tenant: busy) }
            #expect(try await commit.submit(7, tenant: TenantID(UUID())) == 7, "another tenant is not held up")
            gate.open()
            try await tasks.waitForAll()
        }
    }

    @Test func aTenantHasAtMostItsGroupsInFlight() async throws {
        let gate = Gate()
        let running = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        let commit = TenantGroupCommit<Int, Int>(maximumGroup: 1, maximumInFlight: 2, maximumWaiting: 100, overflow: Overflow()) { items, _ in
            let now = running.add(1, ordering: .relaxed).newValue
            most.max(now, ordering: .relaxed)
            await gate.wait()
            running.subtract(1, ordering: .relaxed)
            return items.map { .success($0) }
        }
        let tenant = TenantID(UUID())
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for item in 0..<6 {
                tasks.addTask {
                    let answer = try await commit.submit(item, tenant: tenant)
                    #expect(answer == item)
                }
            }
            while commit.waiting(for: tenant) < 4 { try await Task.sleep(for: .milliseconds(1)) }
            #expect(running.load(ordering: .relaxed) == 2)
            gate.open()
            try await tasks.waitForAll()
        }
        #expect(most.load(ordering: .relaxed) == 2)
    }

    @Test func aStateIsWrittenOnlyWhereItIsNewerThanTheStoredOneOrAnEarlierOneOfItsGroup() {
        let day = Date(timeIntervalSince1970: 1_700_000_000)
        let a = RunGroupPlan.Row(scope: "a", at: day, key: "github␟1")
        let b = RunGroupPlan.Row(scope: "b", at: day, key: "github␟1")
        let other = RunGroupPlan.Row(scope: "a", at: day, key: "github␟2")
        // in_progress (6), completed (7), a late in_progress (6), queued of another run (5).
        let plan = RunGroupPlan(ranks: [6, 7, 6, 5], rows: [[a, b], [a, b], [a, b], [other]], stored: [a: 6])
        #expect(plan.appliedRows[0] == [b], "a already holds in_progress")
        #expect(plan.appliedRows[1] == [a, b])
        #expect(plan.appliedRows[2].isEmpty, "arrived after completed: out of order")
        #expect(plan.appliedRows[3] == [other])
        #expect(plan.winners == [a: 1, b: 1, other: 3])
    }

    @Test func theFailingEntryEndsAsTheLastRunLeavesIt() {
        #expect(FailingChange.after([]) == nil)
        #expect(FailingChange.after([(0, true), (1, true)]) == .keepOrAdd(streakStart: 0), "a streak keeps its first failure")
        #expect(FailingChange.after([(0, true), (1, false)]) == .remove)
        #expect(FailingChange.after([(0, false), (3, true), (5, true)]) == .replace(streakStart: 3), "a new streak replaces the old one")
        #expect(FailingChange.after([(2, true), (0, false), (1, true)]) == .replace(streakStart: 1))
    }
}

import Foundation
import PorticoCore
import Testing
@testable import PorticoStore

/// Claiming: tenants take turns, and a claim's token is the only key to its job.
@Suite struct StoreJobClaimTests {
    struct TenantNote: TenantScopedPayload, Equatable {
        let tenantID: TenantID
        let number: Int
    }

    @Test func tenantsTakeTurnsAndClaimersRunningAtOnceNeverShareAJob() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("fair", payload: TenantNote.self)
            let queue = JobQueue(database: runtime.database)
            let busy = TenantID.generate(), quiet = TenantID.generate()
            for number in 0..<60 { try await queue.enqueue(kind, TenantNote(tenantID: busy, number: number)) }
            for number in 0..<2 { try await queue.enqueue(kind, TenantNote(tenantID: quiet, number: number)) }

            // The quiet tenant's jobs, enqueued after the busy tenant's sixty, wait one turn each.
            var order: [TenantNote] = []
            for _ in 0..<4 {
                let claimed = try await queue.claim(kinds: [kind.name], limit: 1, worker: "fair-worker", lease: .seconds(30))
                order += try claimed.map(Self.note)
            }
            #expect(order == [
                TenantNote(tenantID: busy, number: 0), TenantNote(tenantID: quiet, number: 0),
                TenantNote(tenantID: busy, number: 1), TenantNote(tenantID: quiet, number: 1),
            ])

            // The other 58, claimed by eight claimers at once: each job goes to exactly one of them.
            let claimedByEach = try await withThrowingTaskGroup(of: [Int].self) { group in
                for claimer in 0..<8 {
                    group.addTask {
                        var numbers: [Int] = []
                        while true {
                            let claimed = try await queue.claim(kinds: [kind.name], limit: 3, worker: "claimer-\(claimer)", lease: .seconds(30))
                            if claimed.isEmpty { return numbers }
                            numbers += try claimed.map { try Self.note($0).number }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let numbers = claimedByEach.flatMap { $0 }
            #expect(numbers.count == 58)
            #expect(Set(numbers) == Set(2..<60))
        }
    }

    @Test func staleClaimCannotRenewCompleteFailOrReleaseTheJobClaimedAgain() async throws {
        try await TestDatabase.withShared { runtime in
            let kind = JobTestSupport.uniqueKind("token", maxAttempts: 3, payload: EmptyPayload.self)
            let queue = JobQueue(database: runtime.database)
            let id = try #require(try await queue.enqueue(kind, EmptyPayload()))
            // One slot of a worker loses its lease; another slot of the same worker claims the job again.
            let stale = try #require(try await queue.claim(kinds: [kind.name], limit: 1, worker: "same-worker", lease: .seconds(1)).first)
            try await eventually("the expired lease is recovered") {
                try await queue.recoverExpiredLeases()
                return try await JobTestSupport.job(id, runtime.database)?.state == "pending"
            }
            let current = try #require(try await queue.claim(kinds: [kind.name], limit: 1, worker: "same-worker", lease: .seconds(30)).first)
            #expect(current.id == id)
            #expect(current.token != stale.token)

            #expect(try await queue.renewLease(stale, lease: .seconds(30)) == false)
            try await queue.complete(stale)
            try await queue.fail(stale, error: "stale failure")
            try await queue.release(stale)
            let running = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(running.state == "running")
            #expect(running.attempts == 2)
            #expect(running.lastError?.contains("lease expired") == true)

            #expect(try await queue.renewLease(current, lease: .seconds(30)))
            try await queue.complete(current)
            let done = try #require(try await JobTestSupport.job(id, runtime.database))
            #expect(done.state == "succeeded")
            #expect(done.attempts == 2)
        }
    }

    static func note(_ job: ClaimedJob) throws -> TenantNote {
        try JSONDecoder().decode(TenantNote.self, from: Data(job.payload.utf8))
    }
}

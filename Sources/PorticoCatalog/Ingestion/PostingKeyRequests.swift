import Logging
import PorticoCore
import PorticoStore
import Synchronization

/// Keys a read needed many matches of from the search index, and would have answered from
/// postings had the key had them (`PostedKeys.isCandidate`). One per read, filled as it goes.
final class PostingSuggestions: Sendable {
    private let keys = Mutex<Set<String>>([])

    func note(_ key: String) {
        _ = keys.withLock { $0.insert(key) }
    }

    var noted: Set<String> { keys.withLock { $0 } }
}

/// Turns reads' suggestions into jobs that learn the keys (`PostingKeyLearner`). Each (tenant,
/// key) is asked for once per process (the job decides for good: learned or refused), so a
/// popular filter costs one job rather than a write per read.
final class PostingKeyRequests: Sendable {
    /// Bounds what the process remembers; forgetting only costs a job that finds the key decided.
    static let remembered = 10_000

    let queue: JobQueue
    let logger: Logger
    private let asked = Mutex<Set<String>>([])

    init(queue: JobQueue, logger: Logger) {
        self.queue = queue
        self.logger = logger
    }

    func request(_ keys: Set<String>, tenant: TenantID) async {
        for key in keys {
            let uniqueKey = "catalog.learn-postings:\(tenant):\(key)"
            let isNew = asked.withLock { asked in
                if asked.count >= Self.remembered { asked.removeAll() }
                return asked.insert(uniqueKey).inserted
            }
            guard isNew else { continue }
            do {
                try await queue.enqueue(CatalogJobs.learnPostings, PostingKeyPayload(tenantID: tenant, key: key), uniqueKey: uniqueKey)
            } catch {
                // A read must not fail for it; the next read in another process asks again.
                asked.withLock { _ = $0.remove(uniqueKey) }
                logger.warning("asking for a key's postings failed", metadata: ["tenant": "\(tenant)", "key": "\(key)", "error": "\(error)"])
            }
        }
    }
}

import Foundation
import Logging
import Synchronization

/// Remembers when keys were used and writes it in one statement every `interval`, so a busy key
/// does not cost a write per request.
final class LastUsedRecorder: Sendable {
    private let pending = Mutex<[UUID: Date]>([:])
    private let repository: APIKeyRepository
    private let logger: Logger
    private let interval: Duration

    init(repository: APIKeyRepository, logger: Logger, interval: Duration = .seconds(15)) {
        self.repository = repository
        self.logger = logger
        self.interval = interval
    }

    func record(_ keyID: UUID) {
        let now = Date()
        pending.withLock { $0[keyID] = now }
    }

    func run() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await flush()
        }
    }

    func flush() async {
        let batch = pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        guard !batch.isEmpty else { return }
        do {
            try await repository.recordLastUsed(batch)
        } catch {
            logger.warning("recording key use failed", metadata: ["error": "\(error)", "keys": "\(batch.count)"])
        }
    }
}

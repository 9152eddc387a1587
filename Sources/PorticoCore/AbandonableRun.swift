import Synchronization

/// One run of an operation in a task of its own, so that its caller can stop waiting for it: a job
/// handler, or a database call, that ignores cancellation must not hold a worker slot or a
/// shutdown forever.
public final class AbandonableRun: Sendable {
    public enum Outcome: Sendable {
        /// It returned or threw before its deadline.
        case finished(Result<Void, any Error>)
        /// It was cancelled at its deadline and then returned or threw within the grace period.
        case stoppedAtDeadline(Result<Void, any Error>)
        /// It was still running at the end of the grace period; it is left to itself.
        case abandoned
    }

    private struct State {
        var result: Result<Void, any Error>?
        var waiters: [Int: CheckedContinuation<Result<Void, any Error>?, Never>] = [:]
        var nextWaiterID = 0
    }

    private let state = Mutex(State())
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init(_ operation: @escaping @Sendable () async throws -> Void) {
        let task = Task {
            let result: Result<Void, any Error>
            do { try await operation(); result = .success(()) } catch { result = .failure(error) }
            self.endWaits(with: result)
        }
        self.task.withLock { $0 = task }
    }

    public func cancel() { task.withLock { $0?.cancel() } }

    /// Waits for the operation until `deadline`, cancels it then, and waits `grace` more. Cancelling
    /// the waiting task (the worker shutting down, past its own grace) cancels the operation too and
    /// waits only `shutdownWait` for it: an operation stuck on a call that ignores cancellation must
    /// not keep the process from stopping (a job's lease then expires and another worker runs it).
    public func outcome(deadline: ContinuousClock.Instant, grace: Duration, shutdownWait: Duration = .seconds(1)) async -> Outcome {
        await withTaskCancellationHandler {
            if let result = await result(before: deadline) { return .finished(result) }
            cancel()
            if Task.isCancelled { return state.withLock { $0.result }.map(Outcome.stoppedAtDeadline) ?? .abandoned }
            if let result = await result(before: .now + grace) { return .stoppedAtDeadline(result) }
            return .abandoned
        } onCancel: {
            cancel()
            Task {
                try? await Task.sleep(for: shutdownWait)
                self.endWaits(with: nil)
            }
        }
    }

    /// Ends every wait with `result`: the handler's, kept for later waits too, or nil, as if each
    /// wait's instant had come.
    private func endWaits(with result: Result<Void, any Error>?) {
        let waiters = state.withLock { state in
            if let result { state.result = result }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    /// The handler's result, or nil when `instant` comes first.
    private func result(before instant: ContinuousClock.Instant) async -> Result<Void, any Error>? {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        // The timer is a task of its own: this wait must end at `instant` even when cancelled.
        let timer = Task {
            try? await Task.sleep(until: instant, clock: .continuous)
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let finished: Result<Void, any Error>?? = state.withLock { state in
                if let result = state.result { return .some(result) }
                if ContinuousClock.now >= instant { return .some(nil) }
                state.waiters[id] = continuation
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }
}

import PostgresNIO

extension Database {
    /// Listens on `channel` until the task is cancelled, calling `onNotification` for each
    /// notification. A lost connection is reported to `onInterruption` and listening resumes a
    /// second later, on a fresh connection. A connection the server already closed is never asked
    /// to listen: PostgresNIO would wait for ever on it (see `checkedQuery`), cancellation included.
    public func listen(
        on channel: String, onNotification: @escaping @Sendable () async throws -> Void,
        onInterruption: @escaping @Sendable (any Error) -> Void
    ) async {
        while !Task.isCancelled {
            do {
                try await withConnection { connection in
                    guard !connection.isClosed else { throw ConnectionClosed() }
                    try await connection.listen(on: channel) { notifications in
                        for try await _ in notifications { try await onNotification() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                onInterruption(error)
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}

import PostgresNIO

/// Leases a pooled connection, waiting for one at most `maximumWait`. PostgresNIO's pool queues a
/// request until a connection is free or, when none can be made (the database is down), until its
/// circuit breaker opens a minute later; a request should rather be answered 503 promptly.
///
/// The pool lends connections only for the span of a closure, so a task of its own holds the
/// lease and hands the connection over; the caller's body runs on the caller's task and isolation,
/// and the lease is returned (and awaited) when it ends.
enum ConnectionLease {
    static func with<Result>(
        _ client: PostgresClient, maximumWait: Duration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        let (handover, deliver) = AsyncThrowingStream<PostgresConnection, any Error>.makeStream()
        let (returned, giveBack) = AsyncStream<Never>.makeStream()
        let holder = Task {
            do {
                try await client.withConnection { connection in
                    deliver.yield(connection)
                    for await _ in returned {}
                }
            } catch {
                deliver.finish(throwing: error)
            }
        }
        let deadline = Task {
            // Cancelled once the connection is handed over; finishing the stream then changes nothing.
            try? await Task.sleep(for: maximumWait)
            deliver.finish(throwing: ConnectionWaitTimedOut(waited: maximumWait))
        }
        defer { deadline.cancel() }

        let connection: PostgresConnection
        do {
            var connections = handover.makeAsyncIterator()
            guard let handed = try await connections.next(isolation: isolation) else { throw CancellationError() }
            connection = handed
        } catch {
            // Withdraws the waiting request from the pool (or returns a connection that came too late).
            holder.cancel()
            giveBack.finish()
            throw error
        }
        do {
            let result = try await body(connection)
            giveBack.finish()
            await holder.value
            return result
        } catch {
            giveBack.finish()
            await holder.value
            throw error
        }
    }
}

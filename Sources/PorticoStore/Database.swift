import Logging
import PorticoCore
import PostgresNIO

/// The one way modules reach PostgreSQL. Transactions here rethrow the caller's own error (not a
/// wrapper), and tenant work runs inside `withTenantTransaction`, which scopes the transaction —
/// never the pooled session — to the tenant's schema and role.
///
/// Waiting for a pooled connection is bounded by `limits.maximumConnectionWait`; past it, or when
/// PostgreSQL cannot be reached, the error is one `Database.isUnavailable` recognises (503).
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    public let limits: DatabaseLimits
    private let usage = PoolUsage()

    public init(client: PostgresClient, logger: Logger, limits: DatabaseLimits = DatabaseLimits()) {
        self.client = client
        self.logger = logger
        self.limits = limits
    }

    /// One statement on a pooled connection. The connection goes back to the pool when the
    /// statement has started, while its rows may still be arriving: a statement sent on it meanwhile
    /// waits behind them, which costs nothing since every caller reads its rows at once (and none
    /// runs another statement while it reads). It is not `client.query`, which would send the
    /// statement with PostgresNIO's unchecked `query` (see `checkedQuery`): right after a database
    /// restart that left a worker's bookkeeping waiting for ever.
    @discardableResult
    public func query(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> PostgresRowSequence {
        try await withConnection { connection in
            try await connection.checkedQuery(query, logger: logger, file: file, line: line)
        }
    }

    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await ConnectionLease.with(client, maximumWait: limits.maximumConnectionWait, isolation: isolation) { connection in
            usage.leased()
            defer { usage.released() }
            return try await body(connection)
        }
    }

    public func withTransaction<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await withConnection(isolation: isolation) { connection in
            try await connection.runTransaction(logger: logger, isolation: isolation, body)
        }
    }

    /// A transaction that can only see the tenant's own schema: `SET LOCAL ROLE` switches to the
    /// tenant's role, which has no rights on `control` or on other tenants' schemas, so even a query
    /// that forgets to qualify its tables cannot reach another tenant's rows.
    public func withTenantTransaction<Result>(
        _ tenant: TenantID,
        planning: StatementPlanning = .perExecution,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await withTransaction(isolation: isolation) { connection in
            try await connection.enterTenantScope(tenant, limits: limits, planning: planning, logger: logger)
            return try await body(connection)
        }
    }
}

extension PostgresConnection {
    /// Runs `body` in a transaction and rethrows its error unchanged after rolling back.
    public func runTransaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await execute("BEGIN", logger: logger)
        let result: Result
        do {
            result = try await body(self)
        } catch {
            // A connection the server dropped needs no rollback (and must not be sent one: see
            // `execute`); the pool discards it.
            guard !isClosed, !Database.isUnavailable(error) else { throw error }
            do {
                try await execute("ROLLBACK", logger: logger)
            } catch {
                // A connection that cannot roll back must not go back to the pool mid-transaction
                // (possibly still under a tenant's role): close it, and the pool replaces it.
                try? await close()
            }
            throw error
        }
        try await execute("COMMIT", logger: logger)
        return result
    }

    /// Switches role and search path, and bounds every statement and lock wait, for the rest of
    /// the transaction only, in one round trip (`set_config(..., true)` is `SET LOCAL`): one
    /// tenant's slow query cannot hold a pooled connection for longer than the timeout. JIT is off:
    /// a catalog page with per-row relation subqueries is estimated above `jit_above_cost` and then
    /// spent 20–25 ms compiling a plan that runs in 1–2 ms (measured at 100,000 entities).
    public func enterTenantScope(
        _ tenant: TenantID, limits: DatabaseLimits, planning: StatementPlanning = .perExecution, logger: Logger
    ) async throws {
        let schema = tenant.schemaName.name
        let statementTimeout = String(Int64((limits.statementTimeout.seconds * 1_000).rounded()))
        let lockTimeout = String(Int64((limits.lockTimeout.seconds * 1_000).rounded()))
        try await execute("""
            SELECT set_config('role', \(schema), true), set_config('search_path', \(schema), true),
                   set_config('statement_timeout', \(statementTimeout), true), set_config('lock_timeout', \(lockTimeout), true),
                   set_config('jit', 'off', true),
                   CASE WHEN \(planning == .keyedGeneric) THEN
                       set_config('plan_cache_mode', 'force_generic_plan', true) || set_config('enable_seqscan', 'off', true)
                       || set_config('enable_bitmapscan', 'off', true)
                   END
            """, logger: logger)
    }

    /// Runs SQL text holding several statements (a migration file), one statement at a time.
    public func executeScript(_ sql: String, logger: Logger) async throws {
        for statement in SQLScript.statements(in: sql) {
            try await execute(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }

    /// `query`, but never sent on a connection the server already closed: PostgresNIO 1.33 writes a
    /// query to a closed channel without ever failing it, and the caller then waits for ever (seen
    /// after a database restart, where it kept `serve` and `worker` from stopping). Every statement
    /// of ours goes through here or `execute`.
    @discardableResult
    public func checkedQuery(_ statement: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws -> PostgresRowSequence {
        guard !isClosed else { throw ConnectionClosed() }
        return try await query(statement, logger: logger, file: file, line: line)
    }

    /// A prepared statement (prepared on this connection at its first use, then only bound and
    /// run), with the same guard as `checkedQuery`. PostgreSQL keeps its plan per connection and
    /// re-plans it when the search path (the tenant) differs from the one it was planned for, so a
    /// tenant's tables are always the ones read; within one tenant a hot statement is planned once.
    public func checkedExecute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, Statement.Row> {
        guard !isClosed else { throw ConnectionClosed() }
        return try await execute(statement, logger: logger, file: file, line: line)
    }

    /// Runs a statement to its end (its rows, if any, are read and dropped).
    public func execute(_ statement: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws {
        for try await _ in try await checkedQuery(statement, logger: logger, file: file, line: line) {}
    }
}

/// How the prepared statements of a tenant transaction are planned.
public enum StatementPlanning: Sendable {
    /// PostgreSQL's own choice, per execution: a custom plan for the values at hand, or its
    /// cached generic plan once that looks no worse.
    case perExecution
    /// One plan built once (PostgreSQL's generic plan), reading tables through their indexes only,
    /// for statements that look up keys one by one (`LATERAL … LIMIT 1`) in a table of any size:
    /// left to choose, PostgreSQL planned the webhook delivery statements again on every execution
    /// (half of the database's CPU in a profile), and a generic plan alone, built while a tenant's
    /// table was young and unanalysed, read the table whole and kept doing so. Such statements must
    /// run only in transactions planned this way, so their plan is always built under it.
    case keyedGeneric
}

/// How much of the shared database one piece of work may take: how long a tenant's statement may
/// run or wait for a lock, and how long anyone may wait for a pooled connection.
public struct DatabaseLimits: Sendable {
    public var statementTimeout: Duration
    public var lockTimeout: Duration
    public var maximumConnectionWait: Duration

    public init(
        statementTimeout: Duration = .seconds(30), lockTimeout: Duration = .seconds(5), maximumConnectionWait: Duration = .seconds(5)
    ) {
        self.statementTimeout = statementTimeout
        self.lockTimeout = lockTimeout
        self.maximumConnectionWait = maximumConnectionWait
    }
}

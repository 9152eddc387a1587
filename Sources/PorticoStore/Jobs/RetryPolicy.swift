/// Exponential backoff with jitter: attempt n waits between half and all of `base·2^(n-1)`,
/// capped, so a burst of failures does not retry in lock-step.
public struct RetryPolicy: Sendable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(600)) {
        self.base = base
        self.cap = cap
    }

    public func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let full = min(base * (1 << exponent), cap)
        return full * Double.random(in: 0.5...1.0)
    }
}

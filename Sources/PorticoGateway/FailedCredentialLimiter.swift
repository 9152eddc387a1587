import PorticoCore

/// Failed credential checks per client address. Past the budget an address is answered 429 before
/// anything it presents is looked up, unless the credential is already verified in memory: a flood
/// of made-up keys costs the database at most the budget per address, while a good key from the
/// same address (a shared NAT) keeps working. Malformed tokens (wrong length or checksum) cost no
/// lookup and are not counted.
struct FailedCredentialLimiter: Sendable {
    let perMinute: Int
    private let buckets = RateLimiter<String>()

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Verifies `token` for a caller at `client`, counting a failure against its budget.
    func verify<Principal>(
        _ token: SecretToken, from client: String,
        inMemory: (SecretToken) -> Principal?, lookingUp: (SecretToken) async throws -> Principal?
    ) async throws -> Principal? {
        let budget = buckets.peek(client, refillPerSecond: Double(perMinute) / 60, burst: perMinute)
        guard budget.allowed else {
            guard let principal = inMemory(token) else { throw PorticoError.tooManyFailedAttempts(retryAfterSeconds: budget.retryAfter) }
            return principal
        }
        guard let principal = try await lookingUp(token) else {
            _ = buckets.take(client, refillPerSecond: Double(perMinute) / 60, burst: perMinute)
            return nil
        }
        return principal
    }
}

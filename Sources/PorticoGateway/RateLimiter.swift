import Foundation
import HTTPTypes
import Synchronization

/// Token buckets, one per key (a tenant, a client address). In memory per replica: with N `serve`
/// replicas behind a balancer a tenant gets up to N times its rate, which operators account for
/// when setting plan limits. Idle buckets are dropped so the table stays small.
public final class RateLimiter<Key: Hashable & Sendable>: Sendable {
    public struct Decision: Sendable {
        public let allowed: Bool
        public let limit: Int
        public let remaining: Int
        /// Seconds until a request would be allowed again (0 when allowed now).
        public let retryAfter: Int
        /// Seconds until the bucket is full again.
        public let reset: Int

        public var headers: [String: String] {
            ["RateLimit-Limit": String(limit), "RateLimit-Remaining": String(remaining), "RateLimit-Reset": String(reset)]
        }

        /// The same headers, with names built once rather than parsed per request.
        public var fields: HTTPFields {
            [.rateLimitLimit: String(limit), .rateLimitRemaining: String(remaining), .rateLimitReset: String(reset)]
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [Key: Bucket] = [:]
        var lastSweep = ContinuousClock.now
    }

    private let state = Mutex(State())
    private let clock = ContinuousClock()

    public init() {}

    /// Takes one token from `key`'s bucket, which refills at `refillPerSecond` up to `burst`.
    public func take(_ key: Key, refillPerSecond: Double, burst: Int) -> Decision {
        decide(key, refillPerSecond: refillPerSecond, burst: burst, taking: true)
    }

    /// What `take` would answer now, without taking a token: for limits that count only some
    /// outcomes (failed attempts), checked before the attempt and taken after it failed.
    public func peek(_ key: Key, refillPerSecond: Double, burst: Int) -> Decision {
        decide(key, refillPerSecond: refillPerSecond, burst: burst, taking: false)
    }

    private func decide(_ key: Key, refillPerSecond: Double, burst: Int, taking: Bool) -> Decision {
        let now = clock.now
        let rate = max(refillPerSecond, 0.001)
        let capacity = Double(max(burst, 1))
        return state.withLock { state in
            if now - state.lastSweep > .seconds(60) {
                state.buckets = state.buckets.filter { now - $0.value.updated < .seconds(60) }
                state.lastSweep = now
            }
            var bucket = state.buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = (now - bucket.updated).secondsDouble
            bucket.tokens = min(capacity, bucket.tokens + elapsed * rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed && taking { bucket.tokens -= 1 }
            // A peek at an untouched bucket leaves no bucket behind.
            if taking || state.buckets[key] != nil { state.buckets[key] = bucket }
            let retryAfter = allowed ? 0 : Int(((1 - bucket.tokens) / rate).rounded(.up))
            let reset = Int(((capacity - bucket.tokens) / rate).rounded(.up))
            return Decision(allowed: allowed, limit: Int(capacity), remaining: Int(bucket.tokens), retryAfter: max(retryAfter, allowed ? 0 : 1), reset: reset)
        }
    }
}

extension Duration {
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = HTTPField.Name("RateLimit-Limit")!
    static let rateLimitRemaining = HTTPField.Name("RateLimit-Remaining")!
    static let rateLimitReset = HTTPField.Name("RateLimit-Reset")!
}

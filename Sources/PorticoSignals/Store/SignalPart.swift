import Foundation

/// What a row of the `signals` table is. The values are stored: never renumber.
enum SignalPart: Int16 {
    /// One CI/CD run of an entity. at: the run's creation; key: `provider␟run id`.
    case run = 1
    /// The newest run per workflow and branch. at: epoch; key: `workflow␟branch`.
    case latestRun = 2
    /// An entity's CI totals of one UTC day, kept longer than runs. at: the day; key: ''.
    case ciDay = 3
    /// A Kubernetes workload of an entity, as last listed. at: epoch; key: `cluster␟namespace␟kind␟name`.
    case workload = 4
    /// A cost row of an entity (or of `~unmapped`). at: the charge period's start; key: `service␟resource`.
    case cost = 5
    /// Which scope a cost row was stored under, so a re-push that maps elsewhere moves it.
    /// Scope `~cost-keys`; at and key as the cost row's.
    case costKey = 6
    /// Something red now. Scope `~failing`; at: epoch; key: `entity uid␟source␟what`.
    case failing = 7
    /// When a run whose payload has no creation time was first seen. Scope `~run-times`; at: epoch;
    /// key: `provider␟repository␟run id`.
    case runFiling = 8
    /// A delivery id taken (`X-GitHub-Delivery`, ...), in the same transaction as its run, so a
    /// redelivery counts once. Scope `~deliveries`; at: the UTC day it came; key: `hook␟delivery id`.
    case delivery = 9
}

/// Scopes of rows that belong to the tenant, not to one entity.
enum SignalScope {
    static let failing = "~failing"
    static let unmapped = "~unmapped"
    static let costKeys = "~cost-keys"
    static let runTimes = "~run-times"
    static let deliveries = "~deliveries"

    static func entity(_ uid: UUID) -> String { uid.uuidString.lowercased() }
}

/// Parts of a row key, joined by a separator no provider puts in a name.
enum SignalKey {
    static let separator = "\u{1F}"

    static func join(_ parts: String...) -> String { parts.joined(separator: separator) }

    /// Everything under a key prefix is `prefix␟…`, i.e. ≥ `prefix␟` and < `prefix␠`.
    static func range(under prefix: String) -> (lower: String, upper: String) {
        (prefix + separator, prefix + "\u{20}")
    }

    /// The timestamp of rows that hold a current state rather than a moment.
    static let epoch = Date(timeIntervalSince1970: 0)
}

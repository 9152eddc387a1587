import PorticoCore

/// Backstage's `filter` parameter: each `filter=` is a set of `key=value` / `key` conditions that
/// must all hold; sets are OR'ed. Within a set, several values for one key are OR'ed. Keys and
/// values compare case-insensitively.
public struct EntityFilter: Sendable, Hashable, Codable {
    public struct Condition: Sendable, Hashable, Codable {
        /// Lowercased dotted key, e.g. `spec.type`, `relations.ownedby`.
        public let key: String
        /// Lowercased accepted values; nil means "the key exists".
        public let values: [String]?
    }

    public let anyOf: [[Condition]]

    public var isEmpty: Bool { anyOf.isEmpty }

    public static let maximumConditions = 50
    public static let maximumLength = 2_000
    public static let maximumKeyLength = 200

    /// Whether a filter that did not come from `init(parameters:)` (one decoded from a cursor)
    /// stays within the limits the parameters are held to.
    var isWithinLimits: Bool {
        var total = 0
        for set in anyOf {
            for condition in set {
                total += 1 + max(0, (condition.values?.count ?? 0) - 1)
                guard !condition.key.isEmpty, condition.key.count <= Self.maximumKeyLength, !condition.key.containsControlCharacters,
                      (condition.values ?? []).allSatisfy({ $0.count <= Self.maximumLength && !$0.containsControlCharacters })
                else { return false }
            }
        }
        return total <= Self.maximumConditions
    }

    public init(anyOf: [[Condition]]) {
        self.anyOf = anyOf
    }

    /// Parses the values of every `filter` parameter.
    public init(parameters: [String]) throws {
        var sets: [[Condition]] = []
        var total = 0
        for parameter in parameters {
            guard parameter.count <= Self.maximumLength else {
                throw PorticoError.invalidRequest("A filter may be at most \(Self.maximumLength) characters.", field: "filter")
            }
            var byKey: [String: [String]?] = [:]
            var order: [String] = []
            for part in parameter.split(separator: ",", omittingEmptySubsequences: true) {
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                let key: String
                let value: String?
                if let equals = trimmed.firstIndex(of: "=") {
                    key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                    value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces).lowercased()
                } else {
                    key = trimmed.lowercased()
                    value = nil
                }
                guard !key.isEmpty, key.count <= Self.maximumKeyLength, !key.containsControlCharacters
                else { throw PorticoError.invalidRequest("Filter key '\(key.prefix(80))' is not valid.", field: "filter") }
                if let value, value.containsControlCharacters {
                    throw PorticoError.invalidRequest("Filter values must not contain control characters.", field: "filter")
                }
                if byKey[key] == nil { order.append(key) }
                switch (byKey[key] ?? .some([]), value) {
                case (.some(let existing), .some(let value)): byKey[key] = .some(existing + [value])
                default: byKey[key] = .some(nil)
                }
                total += 1
            }
            guard total <= Self.maximumConditions else {
                throw PorticoError.invalidRequest("At most \(Self.maximumConditions) filter conditions are allowed.", field: "filter")
            }
            let set = order.map { key in Condition(key: key, values: byKey[key] ?? nil) }
            if !set.isEmpty { sets.append(set) }
        }
        self.anyOf = sets
    }
}

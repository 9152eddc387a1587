import PorticoCore

/// Rejects JSON object keys a request type does not know, so a typo such as `adminemail` is an
/// error naming the field instead of a silently ignored value.
public enum StrictDecoding {
    /// Any key of an object, for types that check the keys and read their fields from one container.
    public struct AnyKey: CodingKey {
        public let stringValue: String
        public var intValue: Int? { nil }
        public init(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }

    public static func rejectUnknownKeys(in decoder: any Decoder, allowed: Set<String>) throws {
        try rejectUnknownKeys(in: decoder.container(keyedBy: AnyKey.self), allowed: allowed)
    }

    public static func rejectUnknownKeys(in container: KeyedDecodingContainer<AnyKey>, allowed: Set<String>) throws {
        // The smallest unknown key is named, so the error does not depend on the client's key order;
        // found without sorting, as this runs for every event of an ingested batch.
        guard let unknown = container.allKeys.lazy.map(\.stringValue).filter({ !allowed.contains($0) }).min() else { return }
        let prefix = container.codingPath.map(\.stringValue).joined(separator: ".")
        let field = prefix.isEmpty ? unknown : "\(prefix).\(unknown)"
        throw PorticoError.validation(
            "Unknown field '\(field)'; expected \(allowed.sorted().joined(separator: ", ")).", field: field)
    }
}

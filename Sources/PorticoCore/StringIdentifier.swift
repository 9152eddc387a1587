/// A name that is one JSON string on the wire (`"enterprise"`, `"insights"`), typed so that a
/// plan cannot be passed where an entitlement is meant.
public protocol StringIdentifier: Hashable, Sendable, Codable, CustomStringConvertible {
    var id: String { get }
    init(_ id: String)
}

extension StringIdentifier {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }

    public var description: String { id }
}

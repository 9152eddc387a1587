import PorticoCore

/// Every `orderField` of a query, applied in turn, as Backstage does; ties are broken by uid so
/// pages never overlap. The uid follows the first key's direction, so one key sorts as it always did.
public struct EntitySort: Sendable, Hashable, Codable {
    public let keys: [EntityOrder]

    public static let byName = EntitySort(keys: [.byName])
    /// Each key without a column costs a lookup per matching entity, so their number is bounded.
    public static let maximumKeys = 10

    var uidDescending: Bool { keys.first?.descending ?? false }

    var isWithinLimits: Bool { (1...Self.maximumKeys).contains(keys.count) && keys.allSatisfy(\.isWithinLimits) }

    public init(keys: [EntityOrder]) {
        self.keys = keys
    }

    private enum CodingKeys: String, CodingKey { case keys }

    /// Cursors issued before several keys existed carry a single order; they keep working.
    public init(from decoder: any Decoder) throws {
        if let single = try? EntityOrder(from: decoder) {
            self.init(keys: [single])
        } else {
            self.init(keys: try decoder.container(keyedBy: CodingKeys.self).decode([EntityOrder].self, forKey: .keys))
        }
    }

    /// The values of every `orderField` (or `order`) parameter, in the order given; none sorts by name.
    init(parameters: [String], field: String, parse: (String) throws -> EntityOrder) throws {
        guard !parameters.isEmpty else { self = .byName; return }
        guard parameters.count <= Self.maximumKeys else {
            throw PorticoError.invalidRequest("At most \(Self.maximumKeys) sort keys are allowed.", field: field)
        }
        self.init(keys: try parameters.map(parse))
    }
}

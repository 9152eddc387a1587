import Foundation

/// Who owns an entity: a provider pushing through the API, or a registered location. An entity
/// owned by one source is never silently taken over by another.
public enum EntitySource: Hashable, Sendable, CustomStringConvertible {
    case provider(String)
    case location(UUID)

    public var description: String {
        switch self {
        case .provider(let name): "provider:\(name)"
        case .location(let id): "location:\(id.uuidString.lowercased())"
        }
    }

    var locationID: UUID? {
        if case .location(let id) = self { return id }
        return nil
    }
}

/// What a write did.
public struct IngestionReport: Sendable, Encodable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var removed = 0
    public var conflicts: [Conflict] = []
    public var errors: [ItemError] = []

    public struct Conflict: Sendable, Encodable {
        public let entityRef: String
        public let ownedBy: String
    }

    public struct ItemError: Sendable, Encodable {
        public let index: Int
        public let entityRef: String?
        public let field: String
        public let message: String
    }

    public init() {}
}

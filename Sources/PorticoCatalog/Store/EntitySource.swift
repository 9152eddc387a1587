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

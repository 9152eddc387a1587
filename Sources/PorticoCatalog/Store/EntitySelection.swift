import Foundation
import PorticoStore

/// Which entities a deletion takes, as a condition over `entities e`.
enum EntitySelection {
    /// A source's entities except the given refs (a full replacement, or orphans to delete).
    case source(EntitySource, except: [String])
    /// Some of a source's entities by ref; refs owned by others are left alone.
    case refs([String], of: EntitySource)
    case uid(UUID)
    /// Everything a location produced.
    case location(UUID)

    func condition(_ builder: inout SQLBuilder) -> String {
        switch self {
        case .source(let source, let keep):
            "e.source = \(builder.bind(source.description)) AND e.ref <> ALL(\(builder.bind(keep)))"
        case .refs(let keys, let source):
            "e.source = \(builder.bind(source.description)) AND e.ref = ANY(\(builder.bind(keys)))"
        case .uid(let uid):
            "e.uid = \(builder.bind(uid))"
        case .location(let id):
            "e.location_id = \(builder.bind(id))"
        }
    }
}

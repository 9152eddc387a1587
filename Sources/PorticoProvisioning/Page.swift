import Hummingbird
import PorticoCore
import PorticoGateway

/// A page of a list, with the cursor for the next page when there may be one.
struct Page<Item: Encodable>: Encodable {
    let items: [Item]
    let nextCursor: String?
}

enum Paging {
    static func limit(_ query: Parameters) throws -> Int {
        try query.integer("limit", default: 50, range: 1...500) ?? 50
    }

    static func int64(_ query: Parameters, _ name: String) throws -> Int64? {
        guard let raw = query.get(name) else { return nil }
        guard let value = Int64(raw) else { throw PorticoError.invalidRequest("'\(name)' is not a valid cursor.", field: name) }
        return value
    }
}

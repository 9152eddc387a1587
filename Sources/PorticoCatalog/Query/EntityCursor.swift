import Foundation
import PorticoCore

/// The opaque `cursor` of `GET /entities/by-query`: the whole query plus the position, so a client
/// only sends the cursor for the next page. Keyset positions (a value per sort key, uid) keep pages
/// free of duplicates and gaps while entities are added and removed.
public struct EntityCursor: Codable, Sendable, Hashable {
    public struct Position: Codable, Sendable, Hashable {
        let sortValues: [String]
        let uid: UUID

        private enum CodingKeys: String, CodingKey { case sortValues, sortValue, uid }

        init(sortValues: [String], uid: UUID) {
            self.sortValues = sortValues
            self.uid = uid
        }

        /// Positions issued before several sort keys existed hold one `sortValue`; they keep working.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            uid = try container.decode(UUID.self, forKey: .uid)
            sortValues = try container.decodeIfPresent([String].self, forKey: .sortValues)
                ?? [container.decode(String.self, forKey: .sortValue)]
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sortValues, forKey: .sortValues)
            try container.encode(uid, forKey: .uid)
        }
    }

    let filter: EntityFilter
    let order: EntitySort
    let fullText: FullTextFilter?
    let position: Position?
    /// True when this cursor walks backwards (a `prevCursor`).
    let backwards: Bool
    /// Counted on the first page and carried along, as Backstage does: a walk reports the size
    /// of the set it started on.
    let totalItems: Int?

    /// A cursor is client input: what it carries is held to the limits of the parameters it replaces.
    var isWithinLimits: Bool {
        filter.isWithinLimits && order.isWithinLimits && (fullText?.isWithinLimits ?? true)
            && (position.map { $0.sortValues.count == order.keys.count && !$0.sortValues.contains { $0.utf8.contains(0) } } ?? true)
            && (totalItems ?? 0) >= 0
    }

    var encoded: String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(
        filter: EntityFilter, order: EntitySort, fullText: FullTextFilter?, position: Position?, backwards: Bool,
        totalItems: Int? = nil
    ) {
        self.filter = filter
        self.order = order
        self.fullText = fullText
        self.position = position
        self.backwards = backwards
        self.totalItems = totalItems
    }

    init(encoded: String, field: String = "cursor") throws {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard encoded.count <= 20_000, let data = Data(base64Encoded: base64),
              let cursor = try? JSONDecoder().decode(EntityCursor.self, from: data), cursor.isWithinLimits
        else { throw PorticoError.invalidRequest("The \(field) is not valid; start again without it.", field: field) }
        self = cursor
    }
}

import PorticoCore

/// `orderField=metadata.name,asc`: the sort key (ties broken by uid, so pages never overlap).
public struct EntityOrder: Sendable, Hashable, Codable {
    public let field: String
    public let descending: Bool

    public static let byName = EntityOrder(field: "metadata.name", descending: false)
    public static let maximumFieldLength = 200

    var isWithinLimits: Bool { !field.isEmpty && field.count <= Self.maximumFieldLength && !field.containsControlCharacters }

    public init(field: String, descending: Bool) {
        self.field = field
        self.descending = descending
    }

    public init(parameter: String) throws {
        let parts = parameter.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let field = parts.first, !field.isEmpty, field.count <= Self.maximumFieldLength, !field.containsControlCharacters,
              parts.count <= 2 else {
            throw PorticoError.invalidRequest("orderField must be like 'metadata.name,asc'.", field: "orderField")
        }
        let direction = parts.count == 2 ? parts[1].lowercased() : "asc"
        guard direction == "asc" || direction == "desc" else {
            throw PorticoError.invalidRequest("orderField direction must be asc or desc.", field: "orderField")
        }
        self.init(field: field.lowercased(), descending: direction == "desc")
    }
}

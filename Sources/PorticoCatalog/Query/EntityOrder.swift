import PorticoCore

/// `orderField=metadata.name,asc`: the sort key (ties broken by uid, so pages never overlap).
public struct EntityOrder: Sendable, Hashable, Codable {
    public let field: String
    public let descending: Bool

    public static let byName = EntityOrder(field: "metadata.name", descending: false)

    public init(field: String, descending: Bool) {
        self.field = field
        self.descending = descending
    }

    public init(parameter: String) throws {
        let parts = parameter.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let field = parts.first, !field.isEmpty, field.count <= 200, parts.count <= 2 else {
            throw PorticoError.invalidRequest("orderField must be like 'metadata.name,asc'.", field: "orderField")
        }
        let direction = parts.count == 2 ? parts[1].lowercased() : "asc"
        guard direction == "asc" || direction == "desc" else {
            throw PorticoError.invalidRequest("orderField direction must be asc or desc.", field: "orderField")
        }
        self.init(field: field.lowercased(), descending: direction == "desc")
    }
}

/// `fullTextFilterTerm` (and optionally `fullTextFilterFields`): a case-insensitive substring search.
public struct FullTextFilter: Sendable, Hashable, Codable {
    public let term: String
    public let fields: [String]

    public init?(term: String?, fields: [String]) throws {
        guard let term = term?.trimmingCharacters(in: .whitespaces), !term.isEmpty else { return nil }
        guard term.count <= 200, !term.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw PorticoError.invalidRequest("fullTextFilterTerm must be at most 200 printable characters.", field: "fullTextFilterTerm")
        }
        self.term = term.lowercased()
        self.fields = fields.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
    }
}

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

/// `fullTextFilterTerm` (and optionally `fullTextFilterFields`): a case-insensitive substring search.
public struct FullTextFilter: Sendable, Hashable, Codable {
    public let term: String
    public let fields: [String]

    public static let maximumTermLength = 200
    public static let maximumFields = 50

    var isWithinLimits: Bool {
        !term.isEmpty && term.count <= Self.maximumTermLength && !term.containsControlCharacters && fields.count <= Self.maximumFields
            && fields.allSatisfy { $0.count <= EntityOrder.maximumFieldLength && !$0.containsControlCharacters }
    }

    public init?(term: String?, fields: [String]) throws {
        guard let term = term?.trimmingCharacters(in: .whitespaces), !term.isEmpty else { return nil }
        guard term.count <= Self.maximumTermLength, !term.containsControlCharacters else {
            throw PorticoError.invalidRequest("fullTextFilterTerm must be at most 200 printable characters.", field: "fullTextFilterTerm")
        }
        self.term = term.lowercased()
        self.fields = fields.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        guard isWithinLimits else {
            throw PorticoError.invalidRequest(
                "fullTextFilterFields must name at most \(Self.maximumFields) fields of printable characters.", field: "fullTextFilterFields")
        }
    }
}

import PorticoCore

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

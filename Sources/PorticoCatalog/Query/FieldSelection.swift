import PorticoCore

/// The `fields` parameter: which parts of each entity to return, e.g. `kind,metadata.name`.
/// Built into the SQL as a jsonb projection, so unneeded parts never leave the database.
public struct FieldSelection: Sendable, Hashable, Codable {
    public let paths: [[String]]

    public init(parameters: [String]) throws {
        var paths: [[String]] = []
        for parameter in parameters {
            for raw in parameter.split(separator: ",") {
                let path = raw.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { continue }
                guard path.count <= 200, !path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    throw PorticoError.invalidRequest("Field '\(path.prefix(80))' is not valid.", field: "fields")
                }
                paths.append(Self.segments(path))
            }
        }
        self.paths = paths
    }

    public var isEmpty: Bool { paths.isEmpty }

    /// Annotation and label keys contain dots themselves; everything after them is one key.
    static func segments(_ path: String) -> [String] {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 2, parts[0] == "metadata", parts[1] == "annotations" || parts[1] == "labels" {
            return [parts[0], parts[1], parts[2...].joined(separator: ".")]
        }
        return parts
    }
}

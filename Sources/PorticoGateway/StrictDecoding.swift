import PorticoCore

/// Rejects JSON object keys a request type does not know, so a typo such as `adminemail` is an
/// error naming the field instead of a silently ignored value.
public enum StrictDecoding {
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public static func rejectUnknownKeys(in decoder: any Decoder, allowed: Set<String>) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
            let prefix = decoder.codingPath.map(\.stringValue).joined(separator: ".")
            let field = prefix.isEmpty ? unknown : "\(prefix).\(unknown)"
            throw PorticoError.validation(
                "Unknown field '\(field)'; expected \(allowed.sorted().joined(separator: ", ")).", field: field)
        }
    }
}

import Foundation
import PorticoCore

/// Checks for human-entered text (names, addresses): trimmed, bounded, no control characters
/// (line breaks only where a field is a block of lines).
public enum TextField {
    public static func validate(
        _ value: String, field: String, maxLength: Int, allowEmpty: Bool = false, allowLineBreaks: Bool = false
    ) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard allowEmpty || !trimmed.isEmpty else { throw PorticoError.validation("'\(field)' must not be empty.", field: field) }
        guard trimmed.count <= maxLength else {
            throw PorticoError.validation("'\(field)' must be at most \(maxLength) characters.", field: field)
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !(allowLineBreaks && $0 == "\n") }) else {
            throw PorticoError.validation("'\(field)' must not contain control characters.", field: field)
        }
        return trimmed
    }

    public static func validateEmail(_ value: String, field: String) throws -> String {
        let email = value.trimmingCharacters(in: .whitespaces)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
        else { throw PorticoError.validation("'\(field)' must be an email address.", field: field) }
        return email
    }
}

import Foundation

/// Timestamps as CI providers write them: ISO 8601 with or without fractional seconds (GitHub,
/// generic runs), and GitLab's `2026-11-02 10:00:00 UTC` / `2026-11-02 10:00:00 +0100`.
enum ProviderDate {
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["yyyy-MM-dd HH:mm:ss 'UTC'", "yyyy-MM-dd HH:mm:ss Z"] {
            formatter.dateFormat = format
            formatter.timeZone = TimeZone(identifier: "UTC")
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

/// A field of a provider's payload that is missing or not what the provider documents.
struct PayloadProblem: Error {
    let field: String
    let detail: String

    static func missing(_ field: String) -> PayloadProblem { PayloadProblem(field: field, detail: "'\(field)' is required.") }

    static func date(_ field: String) -> PayloadProblem {
        PayloadProblem(field: field, detail: "'\(field)' must be a timestamp (ISO 8601, or GitLab's 'YYYY-MM-DD hh:mm:ss UTC').")
    }
}

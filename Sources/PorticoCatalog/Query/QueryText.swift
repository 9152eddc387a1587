extension StringProtocol {
    /// Control characters (U+0000 among them) never belong in a query, and PostgreSQL cannot store U+0000.
    var containsControlCharacters: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}

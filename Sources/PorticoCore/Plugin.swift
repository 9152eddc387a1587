/// Premium plugins a plan may include.
public enum Plugin: String, Codable, Sendable, CaseIterable, Comparable {
    case insights
    case aika

    public static func < (lhs: Plugin, rhs: Plugin) -> Bool { lhs.rawValue < rhs.rawValue }
}

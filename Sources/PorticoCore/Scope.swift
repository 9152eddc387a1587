/// What an API key may do. Routes name the scope they need.
public enum Scope: String, Codable, Sendable, CaseIterable, Comparable {
    case catalogRead = "catalog:read"
    case catalogWrite = "catalog:write"
    case insightsRead = "insights:read"
    case insightsWrite = "insights:write"
    case aikaAsk = "aika:ask"
    case aikaAdmin = "aika:admin"
    case billingRead = "billing:read"
    case billingAdmin = "billing:admin"
    case signalsRead = "signals:read"
    case signalsWrite = "signals:write"
    case tenantAdmin = "tenant:admin"

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rawValue < rhs.rawValue }
}

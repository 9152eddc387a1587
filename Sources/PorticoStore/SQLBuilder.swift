import PostgresNIO

/// Builds SQL text with numbered parameters for queries whose shape depends on the request
/// (filters, field projections). Values only ever travel as parameters.
public struct SQLBuilder: Sendable {
    public private(set) var bindings = PostgresBindings()

    public init() {}

    /// Adds a parameter and returns its placeholder (`$3`).
    public mutating func bind<Value: PostgresNonThrowingEncodable & Sendable>(_ value: Value) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    public func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}

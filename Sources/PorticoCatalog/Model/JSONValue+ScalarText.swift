import PorticoCore

extension JSONValue {
    /// A scalar as the lowercase text filters and facets compare against.
    var scalarText: String? {
        switch self {
        case .string(let value): value
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value.wholeNumber.map(String.init) ?? String(value)
        default: nil
        }
    }
}

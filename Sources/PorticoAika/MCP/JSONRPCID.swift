/// A JSON-RPC request's id, answered exactly as sent: an integer stays an integer (never `1.0`),
/// a string stays a string. MCP allows no null id, and a fractional one is refused as invalid
/// rather than echoed back rounded.
enum JSONRPCID: Sendable, Hashable, Codable {
    case number(Int64)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }
}

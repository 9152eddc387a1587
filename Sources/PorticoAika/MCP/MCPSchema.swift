import PorticoCore

/// The pieces of JSON Schema the tools' `inputSchema`s are written with.
enum MCPSchema {
    /// An object that takes only the listed properties.
    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        .object([
            "type": "object", "properties": .object(properties),
            "required": .array(required.map(JSONValue.string)), "additionalProperties": .bool(false),
        ])
    }

    static func string(_ description: String, maxLength: Int? = nil, format: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "string", "description": .string(description), "minLength": .number(1)]
        if let maxLength { schema["maxLength"] = .number(Double(maxLength)) }
        if let format { schema["format"] = .string(format) }
        return .object(schema)
    }

    static func integer(_ description: String, range: ClosedRange<Int>, default value: Int) -> JSONValue {
        .object([
            "type": "integer", "description": .string(description), "minimum": .number(Double(range.lowerBound)),
            "maximum": .number(Double(range.upperBound)), "default": .number(Double(value)),
        ])
    }
}

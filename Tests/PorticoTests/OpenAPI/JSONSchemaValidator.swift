import Foundation
import PorticoCatalog
import PorticoCore

/// A JSON Schema validator for the subset Portico's OpenAPI document uses: `type` (also arrays of
/// types and `null`), `properties`, `required`, `additionalProperties` (false or a schema), `items`,
/// `enum`, `const`, `$ref` to `#/components/schemas/…`, `oneOf`/`anyOf`/`allOf`, `minimum`/`maximum`,
/// `minItems`/`maxItems`, `minLength`/`maxLength`, `pattern`. Annotations (`format`, `description`, …) are
/// ignored; any other keyword is reported, so the validator never silently checks less than the
/// document says.
struct JSONSchemaValidator: Sendable {
    /// `components.schemas` of the document.
    let schemas: [String: JSONValue]

    static let annotations: Set<String> = ["description", "title", "format", "default", "example", "examples", "deprecated"]
    static let assertions: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "oneOf", "anyOf", "allOf", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength", "pattern",
    ]

    /// Every way `value` breaks `schema`, each with the JSON path where it does; empty when it conforms.
    func violations(of value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let keywords) = schema else {
            if case .bool(let allowed) = schema { return allowed ? [] : ["\(path): no value is allowed here"] }
            return ["\(path): the schema is not an object"]
        }
        var found: [String] = []
        for (keyword, argument) in keywords {
            if Self.annotations.contains(keyword) { continue }
            guard Self.assertions.contains(keyword) else {
                found.append("\(path): the validator does not support the keyword '\(keyword)'")
                continue
            }
            found += check(keyword, argument, keywords: keywords, value: value, at: path)
        }
        return found
    }

    private func check(_ keyword: String, _ argument: JSONValue, keywords: [String: JSONValue], value: JSONValue, at path: String) -> [String] {
        switch keyword {
        case "$ref":
            guard let target = resolve(argument) else { return ["\(path): unresolvable $ref \(argument)"] }
            return violations(of: value, against: target, at: path)
        case "type":
            let allowed = argument.arrayValue?.compactMap(\.stringValue) ?? argument.stringValue.map { [$0] } ?? []
            return allowed.contains(where: { Self.matches(value, type: $0) })
                ? [] : ["\(path): expected \(allowed.joined(separator: " or ")), found \(Self.typeName(value))"]
        case "enum":
            return (argument.arrayValue ?? []).contains(value) ? [] : ["\(path): \(Self.brief(value)) is not one of \(Self.brief(argument))"]
        case "const":
            return value == argument ? [] : ["\(path): expected \(Self.brief(argument)), found \(Self.brief(value))"]
        case "allOf":
            return (argument.arrayValue ?? []).flatMap { violations(of: value, against: $0, at: path) }
        case "anyOf", "oneOf":
            let branches = argument.arrayValue ?? []
            let failures = branches.map { violations(of: value, against: $0, at: path) }
            let passed = failures.filter(\.isEmpty).count
            if keyword == "oneOf", passed > 1 { return ["\(path): matches \(passed) branches of oneOf, not exactly one"] }
            if passed > 0 { return [] }
            let closest = failures.min { $0.count < $1.count } ?? []
            return ["\(path): matches no branch of \(keyword) (closest: \(closest.joined(separator: "; ")))"]
        case "minimum", "maximum":
            guard case .number(let number) = value, case .number(let bound) = argument else { return [] }
            let ok = keyword == "minimum" ? number >= bound : number <= bound
            return ok ? [] : ["\(path): \(number) is outside the \(keyword) \(bound)"]
        case "minItems", "maxItems":
            guard case .array(let items) = value, case .number(let bound) = argument else { return [] }
            let ok = keyword == "minItems" ? Double(items.count) >= bound : Double(items.count) <= bound
            return ok ? [] : ["\(path): \(items.count) items is outside the \(keyword) \(Int(bound))"]
        case "minLength", "maxLength":
            guard case .string(let text) = value, case .number(let bound) = argument else { return [] }
            let ok = keyword == "minLength" ? Double(text.count) >= bound : Double(text.count) <= bound
            return ok ? [] : ["\(path): a string of \(text.count) characters is outside the \(keyword) \(Int(bound))"]
        case "pattern":
            guard case .string(let text) = value, let pattern = argument.stringValue else { return [] }
            guard let expression = try? NSRegularExpression(pattern: pattern) else { return ["\(path): the pattern \(pattern) does not compile"] }
            let found = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            return found ? [] : ["\(path): \(Self.brief(value)) does not match \(pattern)"]
        case "items":
            guard case .array(let items) = value else { return [] }
            return items.enumerated().flatMap { violations(of: $1, against: argument, at: "\(path)[\($0)]") }
        case "required":
            guard case .object(let object) = value else { return [] }
            return (argument.arrayValue ?? []).compactMap(\.stringValue).filter { object[$0] == nil }
                .map { "\(path): the required property '\($0)' is missing" }
        case "properties":
            guard case .object(let object) = value, case .object(let properties) = argument else { return [] }
            return properties.flatMap { name, schema in
                object[name].map { violations(of: $0, against: schema, at: "\(path).\(name)") } ?? []
            }
        case "additionalProperties":
            guard case .object(let object) = value else { return [] }
            let declared = keywords["properties"]?.objectValue ?? [:]
            return object.keys.filter { declared[$0] == nil }.flatMap { name -> [String] in
                if case .bool(false) = argument { return ["\(path): the property '\(name)' is not allowed"] }
                return violations(of: object[name]!, against: argument, at: "\(path).\(name)")
            }
        default:
            return []
        }
    }

    private func resolve(_ reference: JSONValue) -> JSONValue? {
        let prefix = "#/components/schemas/"
        guard let text = reference.stringValue, text.hasPrefix(prefix) else { return nil }
        return schemas[String(text.dropFirst(prefix.count))]
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number):
            true
        case ("integer", .number(let number)):
            number.rounded() == number
        default:
            false
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    static func brief(_ value: JSONValue) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return String(String(decoding: data, as: UTF8.self).prefix(120))
    }
}

import Foundation
import PorticoCore

/// A tool call's arguments, read by name. Every problem is a `PorticoError` naming the argument,
/// which the call turns into an `isError` result for the agent to correct.
struct MCPToolArguments: Sendable {
    let values: [String: JSONValue]

    /// - Parameter allowed: the tool's argument names; any other is refused, so a misspelt one is
    ///   reported instead of silently ignored.
    init(_ values: [String: JSONValue], allowed: Set<String>) throws {
        if let unknown = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PorticoError.invalidRequest(
                "Unknown argument '\(unknown)'; expected \(allowed.sorted().joined(separator: ", ")).", field: unknown)
        }
        self.values = values
    }

    /// The string argument, or nil when it is absent or null.
    func string(_ name: String) throws -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let value)? where value.unicodeScalars.contains(where: { $0.value == 0 }):
            throw PorticoError.invalidRequest("'\(name)' must not contain NUL characters.", field: name)
        case .string(let value)?: return value
        case let other?: throw PorticoError.invalidRequest("'\(name)' must be a string, not \(other.typeName).", field: name)
        }
    }

    func requiredString(_ name: String) throws -> String {
        guard let value = try string(name), !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw PorticoError.invalidRequest("'\(name)' is required and must not be empty.", field: name)
        }
        return value
    }

    /// Text held to the rules of a question (`AskService.validated`), reported under this argument's name.
    func questionText(_ name: String) throws -> String {
        do {
            return try AskService.validated(try requiredString(name))
        } catch let error as PorticoError where error.field == "question" && name != "question" {
            throw PorticoError.invalidRequest(error.detail.replacingOccurrences(of: "'question'", with: "'\(name)'"), field: name)
        }
    }

    func uuid(_ name: String) throws -> UUID? {
        guard let text = try string(name) else { return nil }
        guard let value = UUID(uuidString: text) else {
            throw PorticoError.invalidRequest("'\(name)' must be a UUID.", field: name)
        }
        return value
    }

    func integer(_ name: String, range: ClosedRange<Int>, default value: Int) throws -> Int {
        switch values[name] {
        case nil, .null?:
            return value
        case .number(let number)? where number.wholeNumber.map({ range.contains(Int($0)) }) == true:
            return Int(number)
        default:
            throw PorticoError.invalidRequest(
                "'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound).", field: name)
        }
    }
}

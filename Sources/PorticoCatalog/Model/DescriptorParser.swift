import Foundation
import PorticoCore
import Yams

/// Reads `catalog-info.yaml` files (several documents allowed) into JSON values, with limits so a
/// hostile file cannot exhaust memory: its size, its number of documents, and its number of values
/// after YAML aliases are expanded (the "billion laughs" attack).
public enum DescriptorParser {
    public struct Limits: Sendable {
        public var maximumBytes = 10 << 20
        public var maximumDocuments = 50_000
        /// A 10 MB file cannot legitimately hold more values than this.
        public var maximumValues = 2_500_000
        /// Text after aliases are expanded: one anchored string referenced a million times must be
        /// refused while it is being counted, before anything expands, encodes or hashes it.
        public var maximumExpandedBytes = 32 << 20

        public init() {}
    }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static func parseYAML(_ text: String, limits: Limits = Limits()) throws(Problem) -> [JSONValue] {
        guard text.utf8.count <= limits.maximumBytes else {
            throw Problem(message: "the file is \(text.utf8.count) bytes; the limit is \(limits.maximumBytes)")
        }
        var budget = Budget(values: limits.maximumValues, bytes: limits.maximumExpandedBytes)
        var documents: [JSONValue] = []
        do {
            let resolver = Resolver.default.removing(.timestamp)
            let parser = try Parser(yaml: text, resolver: resolver)
            while let node = try parser.nextRoot() {
                var anchors: [String: Node] = [:]
                let value = try convert(node, anchors: &anchors, budget: &budget)
                if case .null = value { continue }
                documents.append(value)
                guard documents.count <= limits.maximumDocuments else {
                    throw Problem(message: "the file holds more than \(limits.maximumDocuments) documents")
                }
            }
        } catch let problem as Problem {
            throw problem
        } catch let error as YamlError {
            throw Problem(message: "invalid YAML: \(describe(error))")
        } catch {
            throw Problem(message: "invalid YAML: \(error)")
        }
        return documents
    }

    /// What is left to spend while aliases are expanded.
    private struct Budget {
        var values: Int
        var bytes: Int

        mutating func spend(bytes count: Int) throws {
            values -= 1
            bytes -= count
            guard values >= 0 else { throw Problem(message: "the file expands to too many values (YAML aliases?)") }
            guard bytes >= 0 else { throw Problem(message: "the file expands to too much text (YAML aliases?)") }
        }
    }

    private static func convert(_ node: Node, anchors: inout [String: Node], budget: inout Budget) throws -> JSONValue {
        try budget.spend(bytes: node.scalar?.string.utf8.count ?? 0)
        if let anchor = node.anchor { anchors[anchor.rawValue] = node }
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case Tag.Name.null: return .null
            case Tag.Name.bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int: return node.int.map { .number(Double($0)) } ?? .string(scalar.string)
            case Tag.Name.float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let keyText = key.scalar?.string else { throw Problem(message: "mapping keys must be scalars") }
                try budget.spend(bytes: keyText.utf8.count)
                if keyText == "<<" { continue }
                object[keyText] = try convert(value, anchors: &anchors, budget: &budget)
            }
            return .object(object)
        case .sequence(let sequence):
            var array: [JSONValue] = []
            array.reserveCapacity(sequence.count)
            for item in sequence { array.append(try convert(item, anchors: &anchors, budget: &budget)) }
            return .array(array)
        case .alias(let alias):
            guard let target = anchors[alias.anchor.rawValue] else {
                throw Problem(message: "unknown YAML alias *\(alias.anchor.rawValue)")
            }
            return try convert(target, anchors: &anchors, budget: &budget)
        }
    }

    private static func describe(_ error: YamlError) -> String {
        "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}

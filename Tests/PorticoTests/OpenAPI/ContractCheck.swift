import Foundation
import NIOCore
import PorticoCatalog
import PorticoCore

/// Checks recorded answers against Portico's OpenAPI document: the operation must be documented,
/// its status listed (a success status explicitly; an error status may fall to `default`), its
/// content type documented, and a JSON body valid against the documented schema.
struct ContractCheck: Sendable {
    let document: JSONValue
    let validator: JSONSchemaValidator

    init(documentJSON: ByteBuffer) throws {
        document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: documentJSON))
        validator = JSONSchemaValidator(schemas: document["components"]?["schemas"]?.objectValue ?? [:])
    }

    /// The operation documented for a method and route, or nil.
    func operation(_ method: String, _ route: String) -> JSONValue? {
        document["paths"]?[route]?[method.lowercased()]
    }

    /// Every way the exchange breaks the contract, each naming the operation and status.
    func violations(of exchange: RecordedExchange) -> [String] {
        let label = "\(exchange.method) \(exchange.route) → \(exchange.status)"
        guard document["paths"]?[exchange.route] != nil else { return ["\(label): the route is not in the document"] }
        guard let operation = operation(exchange.method, exchange.route) else {
            // A known path called with another method: the gateway's 405, the same for every path.
            if exchange.status == 405 { return [] }
            return ["\(label): the operation is not in the document"]
        }
        let responses = operation["responses"]
        guard let declared = responses?[String(exchange.status)] ?? (exchange.status >= 400 ? responses?["default"] : nil),
              let response = resolve(declared, in: "responses")
        else { return ["\(label): the status is not documented"] }
        guard let content = response["content"]?.objectValue, !content.isEmpty else {
            return exchange.body.readableBytes == 0 ? [] : ["\(label): a body where the document declares none"]
        }
        let mediaType = exchange.contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let mediaType, let media = content[mediaType] else {
            return ["\(label): content type \(exchange.contentType ?? "none") is not documented (\(content.keys.sorted().joined(separator: ", ")))"]
        }
        guard mediaType.hasSuffix("json"), let schema = media["schema"] else { return [] }
        let body: JSONValue
        do { body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: exchange.body)) } catch {
            return ["\(label): the body is not JSON"]
        }
        return validator.violations(of: body, against: schema).map { "\(label): \($0)" }
    }

    /// Follows a `$ref` to `#/components/<kind>/<name>`.
    private func resolve(_ value: JSONValue, in kind: String) -> JSONValue? {
        guard let reference = value["$ref"]?.stringValue else { return value }
        let prefix = "#/components/\(kind)/"
        guard reference.hasPrefix(prefix) else { return nil }
        return document["components"]?[kind]?[String(reference.dropFirst(prefix.count))]
    }
}

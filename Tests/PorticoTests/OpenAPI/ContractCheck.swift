import Foundation
import NIOCore
import HummingbirdTesting
import PorticoCatalog
import Synchronization
import Testing

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

extension ContractCheck {
    /// Answers of one operation and status checked per test: enough to catch a wrong shape, while
    /// a test that pages through thousands of entities does not spend its suite's CPU (the tests
    /// run in parallel, and some of them measure time) validating every page in a debug build.
    static let samplesPerOperation = 3

    /// The parsed document, kept while the served bytes stay the same (they do within a run).
    private static let cached = Mutex<(json: ByteBuffer, check: ContractCheck)?>(nil)

    static func forDocument(_ json: ByteBuffer) throws -> ContractCheck {
        if let hit = cached.withLock({ $0 }), hit.json == json { return hit.check }
        let check = try ContractCheck(documentJSON: json)
        cached.withLock { $0 = (json, check) }
        return check
    }

    /// Checks the exchanges against the document the server itself serves, and records each breach
    /// (once per distinct message) as a test issue.
    static func record(_ exchanges: [RecordedExchange], servedBy client: any TestClientProtocol) async throws {
        let served = try await client.execute(uri: "/openapi.json", method: .get, headers: [:], body: nil)
        guard served.status == .ok else {
            Issue.record("GET /openapi.json answered \(served.status.code)")
            return
        }
        let check = try forDocument(served.body)
        var checked: [String: Int] = [:]
        var seen: Set<String> = []
        for exchange in exchanges {
            let operation = "\(exchange.method) \(exchange.route) \(exchange.status)"
            guard checked[operation, default: 0] < samplesPerOperation else { continue }
            checked[operation, default: 0] += 1
            for violation in check.violations(of: exchange) where seen.insert(violation).inserted {
                Issue.record("OpenAPI contract: \(violation)")
            }
        }
    }
}

import Foundation
import PorticoGateway
import Yams

/// The OpenAPI 3.1 document of every Portico route, merged from the modules' fragments and
/// encoded once.
struct OpenAPIDocument: Sendable {
    /// The document as JSON (keys sorted, so the same fragments give the same bytes).
    let json: Data

    enum MergeError: Error, CustomStringConvertible {
        case notYAML(owner: String, detail: String)
        case unexpectedKey(owner: String, key: String)
        case definedTwice(what: String, first: String, second: String)

        var description: String {
            switch self {
            case .notYAML(let owner, let detail): "the OpenAPI fragment of \(owner) is not a YAML mapping: \(detail)"
            case .unexpectedKey(let owner, let key): "the OpenAPI fragment of \(owner) has '\(key)'; a fragment holds only paths and components"
            case .definedTwice(let what, let first, let second): "\(what) is defined by both \(first) and \(second)"
            }
        }
    }

    /// - Parameter fragments: the modules' fragments; the gateway's (problem+json) and the
    ///   document's own route are added here.
    init(fragments: [OpenAPIFragment]) throws {
        var paths: [String: Any] = [:]
        var components: [String: [String: Any]] = [:]
        var owners: [String: String] = [:]
        for fragment in [.gateway, OpenAPIController.openAPI] + fragments {
            for part in fragment.parts {
                let mapping = try Self.mapping(part, owner: fragment.owner)
                for key in mapping.keys where key != "paths" && key != "components" {
                    throw MergeError.unexpectedKey(owner: fragment.owner, key: key)
                }
                for (path, item) in mapping["paths"] as? [String: Any] ?? [:] {
                    try Self.claim("path \(path)", by: fragment.owner, in: &owners)
                    paths[path] = item
                }
                for (kind, entries) in mapping["components"] as? [String: Any] ?? [:] {
                    for (name, value) in entries as? [String: Any] ?? [:] {
                        try Self.claim("components.\(kind).\(name)", by: fragment.owner, in: &owners)
                        components[kind, default: [:]][name] = value
                    }
                }
            }
        }
        for (name, scheme) in Self.securitySchemes {
            try Self.claim("components.securitySchemes.\(name)", by: "the document", in: &owners)
            components["securitySchemes", default: [:]][name] = scheme
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Portico",
                "version": "1",
                "description": "Portico's API: signups and tenant keys (/v1), the operators' API (/admin/v1), the "
                    + "software catalog as Backstage serves it (/api/catalog), health and metrics.",
            ],
            "paths": paths,
            "components": components,
        ]
        json = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static var securitySchemes: [String: Any] {
        [
            "apiKey": [
                "type": "http", "scheme": "bearer",
                "description": "A tenant API key (pk_live_…), with the scope the route needs.",
            ],
            "operatorToken": [
                "type": "http", "scheme": "bearer",
                "description": "An operator token (`portico operators create`).",
            ],
        ]
    }

    private static func claim(_ what: String, by owner: String, in owners: inout [String: String]) throws {
        if let first = owners[what] { throw MergeError.definedTwice(what: what, first: first, second: owner) }
        owners[what] = owner
    }

    private static func mapping(_ yaml: String, owner: String) throws -> [String: Any] {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: yaml) } catch { throw MergeError.notYAML(owner: owner, detail: "\(error)") }
        guard let mapping = jsonCompatible(loaded as Any) as? [String: Any] else {
            throw MergeError.notYAML(owner: owner, detail: "the top level is not a mapping")
        }
        return mapping
    }

    /// Yams gives mappings keyed by `AnyHashable` (a status like 200 may load as a number);
    /// JSON wants string keys.
    private static func jsonCompatible(_ value: Any) -> Any {
        switch value {
        case let mapping as [AnyHashable: Any]:
            Dictionary(uniqueKeysWithValues: mapping.map { ("\($0.key.base)", jsonCompatible($0.value)) })
        case let sequence as [Any]:
            sequence.map(jsonCompatible)
        default:
            value
        }
    }
}

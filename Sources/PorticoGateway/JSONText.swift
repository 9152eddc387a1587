import Foundation
import Hummingbird
import NIOCore

/// JSON assembled from pieces PostgreSQL already rendered.
public enum JSONText {
    /// A JSON array of the items, each one JSON value.
    public static func array(_ items: [String]) -> String {
        var text = "["
        text.reserveCapacity(items.reduce(2) { $0 + $1.utf8.count + 1 })
        for (index, item) in items.enumerated() {
            if index > 0 { text += "," }
            text += item
        }
        return text + "]"
    }
}

/// A JSON object written member by member, where a member is either encoded with Portico's
/// encoder or JSON text that PostgreSQL already rendered, put in as it is: a view carrying
/// hundreds of rows built in SQL then neither decodes nor re-encodes them.
public struct JSONObjectText {
    private var text = "{"

    public init() {}

    /// `json` must be one JSON value (PostgreSQL's `json_agg`, `json_build_object`, ...).
    public mutating func append(_ key: String, json: String) {
        if text.utf8.count > 1 { text += "," }
        text += Self.quoted(key) + ":" + json
    }

    public mutating func append<Value: Encodable>(_ key: String, _ value: Value) throws {
        append(key, json: String(decoding: try JSONEncoder.portico.encode(value), as: UTF8.self))
    }

    public var json: String { text + "}" }

    private static func quoted(_ key: String) -> String {
        (try? JSONEncoder.portico.encode(key)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}

extension Response {
    /// A JSON response from text already rendered (by PostgreSQL, or with `JSONObjectText`).
    public static func json(rendered text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

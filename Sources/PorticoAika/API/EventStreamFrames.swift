import Foundation
import Hummingbird
import NIOCore

/// Writes server-sent events to a streaming asker: `event: <name>` and one `data:` line of JSON per event, so no
/// payload can break the framing (JSON escapes every newline).
struct EventStreamFrames: Sendable {
    static let contentType = "text/event-stream"

    static func accepts(_ request: Request) -> Bool {
        request.headers[.accept]?.contains(contentType) == true
    }

    static func frame<Value: Encodable>(_ name: String, _ value: Value) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        return ByteBuffer(string: "event: \(name)\ndata: \(json)\n\n")
    }
}

import Foundation
import PorticoCore
@testable import PorticoInsights

extension EventBatch {
    /// The batch read from `text` as the route reads a body.
    static func reading(_ text: some Sequence<UInt8>) throws(PorticoError) -> EventBatch {
        let read = Array(text).withUnsafeBytes { bytes in Result { () throws(PorticoError) in try EventBatch(json: bytes) } }
        return try read.get()
    }
}

extension IncomingEvent {
    /// One event read as the route reads it inside a batch.
    static func reading(_ json: Data) throws -> IncomingEvent {
        let batch = try EventBatch.reading(Data("{\"events\":[".utf8) + json + Data("]}".utf8))
        return try batch.slots[0].event.get()
    }
}

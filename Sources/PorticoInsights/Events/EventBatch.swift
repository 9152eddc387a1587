import PorticoCore
import PorticoGateway

/// `{"events": [...]}`, read in one pass over the body's bytes: each event on its own, so one
/// that is not an event is rejected with its index and the rest of the batch is still taken.
/// Whole-batch problems change nothing: text that is not JSON anywhere (400), another shape or
/// more than `maximumEvents` events (422).
struct EventBatch {
    static let maximumEvents = 1_000

    let slots: [EventSlot]

    init(json bytes: UnsafeRawBufferPointer) throws(PorticoError) {
        var scanner = JSONScanner(bytes.assumingMemoryBound(to: UInt8.self))
        let body: Body
        do {
            body = try Self.read(&scanner)
        } catch {
            throw PorticoError.malformedJSON("The request body is not valid JSON: \(error.description)")
        }
        if let type = body.notAnObject {
            throw PorticoError(
                status: 422, code: "validation_failed", title: "Validation failed",
                detail: "The body must be an object {\"events\": [...]}, not \(type).")
        }
        if let unknown = body.unknownKey {
            throw PorticoError.validation("Unknown field '\(unknown)'; expected events.", field: unknown)
        }
        switch body.events {
        case .none:
            throw PorticoError.validation("'events' is required.", field: "events")
        case .some(.failure(let type)):
            throw PorticoError.validation("'events' must be an array, not \(type).", field: "events")
        case .some(.success) where body.count > Self.maximumEvents:
            throw PorticoError(
                status: 422, code: "too_many_events", title: "Too many events",
                detail: "A batch holds at most \(Self.maximumEvents) events; this one has \(body.count). Split it.",
                field: "events")
        case .some(.success(let slots)):
            self.slots = slots
        }
    }

    private struct NotAnArray: Error { let type: String }

    /// What the body held, known once all of it was read.
    private struct Body {
        var events: Result<[EventSlot], NotAnArray>?
        var count = 0
        var unknownKey: String?
        var notAnObject: String?
    }

    private static func read(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> Body {
        var body = Body()
        guard try scanner.peek() == UInt8(ascii: "{") else {
            let value = try scanner.readValue()
            try scanner.expectEnd()
            body.notAnObject = value.typeName
            return body
        }
        try scanner.beginObject()
        var index = 0
        while let key = try scanner.nextKey(index: index) {
            index += 1
            guard key == "events", body.events == nil else {
                if key != "events", body.unknownKey.map({ key < $0 }) ?? true { body.unknownKey = key }
                _ = try scanner.readValue()
                continue
            }
            guard try scanner.peek() == UInt8(ascii: "[") else {
                body.events = .failure(NotAnArray(type: try scanner.readValue().typeName))
                continue
            }
            var slots: [EventSlot] = []
            slots.reserveCapacity(Self.maximumEvents)
            try scanner.beginArray()
            while try scanner.nextElement(index: body.count) {
                body.count += 1
                // Past the limit the rest is only checked to be JSON: the batch is refused whole.
                if body.count > Self.maximumEvents {
                    _ = try scanner.readValue()
                } else {
                    slots.append(EventSlot(event: try IncomingEvent.read(from: &scanner)))
                }
            }
            body.events = .success(slots)
        }
        try scanner.expectEnd()
        return body
    }
}

/// One element of the batch: the event, or why it could not be read.
struct EventSlot: Sendable {
    let event: Result<IncomingEvent, EventRejection>
}

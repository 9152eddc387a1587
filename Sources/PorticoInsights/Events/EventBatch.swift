import Foundation
import PorticoCore
import PorticoGateway

/// `{"events": [...]}`: each event decoded on its own, so one malformed event is rejected with
/// its index and the rest of the batch is still taken.
struct EventBatch: Decodable {
    static let maximumEvents = 1_000

    let slots: [EventSlot]

    private enum CodingKeys: String, CodingKey { case events }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: ["events"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var events = try container.nestedUnkeyedContainer(forKey: .events)
        // The count is known once the JSON is parsed, before any event is decoded.
        if let count = events.count, count > Self.maximumEvents {
            throw PorticoError(
                status: 422, code: "too_many_events", title: "Too many events",
                detail: "A batch holds at most \(Self.maximumEvents) events; this one has \(count). Split it.",
                field: "events")
        }
        var slots: [EventSlot] = []
        slots.reserveCapacity(events.count ?? 0)
        while !events.isAtEnd {
            slots.append(try events.decode(EventSlot.self))
        }
        self.slots = slots
    }
}

/// One element of the batch: the event, or why it could not be read.
struct EventSlot: Decodable {
    let event: Result<IncomingEvent, EventRejection>

    init(from decoder: any Decoder) throws {
        do {
            event = .success(try IncomingEvent(from: decoder))
        } catch let error as PorticoError {
            event = .failure(EventRejection(code: .invalidEvent, detail: error.detail))
        } catch let error as DecodingError {
            event = .failure(EventRejection(code: .invalidEvent, detail: PorticoError(decoding: error).detail))
        }
    }
}

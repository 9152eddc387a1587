import Foundation
import PorticoCore
import PorticoGateway

/// `POST /v1/billing/webhooks`: where to deliver, and which event types.
struct CreateWebhookEndpointRequest: Decodable, Sendable {
    let url: String
    let events: [WebhookEventType]

    private enum CodingKeys: String, CodingKey, CaseIterable { case url, events }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try WebhookURL.validated(try container.decode(String.self, forKey: .url))
        let names = try container.decode([String].self, forKey: .events)
        guard !names.isEmpty else { throw PorticoError.validation("'events' must name at least one event type.", field: "events") }
        var events: [WebhookEventType] = []
        for (index, name) in names.enumerated() {
            guard let type = WebhookEventType(rawValue: name) else {
                throw PorticoError.validation(
                    "Unknown event type '\(name)'; expected one of \(WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")).",
                    field: "events[\(index)]")
            }
            if !events.contains(type) { events.append(type) }
        }
        self.events = events
    }
}

/// `POST /v1/billing/webhooks/{id}/replay`: one event by id, or the events of a time range.
struct ReplayWebhookRequest: Decodable, Sendable {
    let selection: WebhookDeliveryStore.ReplaySelection

    private enum CodingKeys: String, CodingKey, CaseIterable { case eventId, from, to }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let eventID = try container.decodeIfPresent(String.self, forKey: .eventId)
        let from = try Self.time(in: container, forKey: .from)
        let to = try Self.time(in: container, forKey: .to)
        switch (eventID, from, to) {
        case (let id?, nil, nil):
            guard id.count <= 100, id.unicodeScalars.allSatisfy({ $0.isASCII && !$0.properties.isWhitespace && $0.value >= 0x21 }) else {
                throw PorticoError.validation("'eventId' is an event id such as msg_0123…, as deliveries list it.", field: "eventId")
            }
            selection = .event(id)
        case (nil, let from?, let to?):
            guard from < to else { throw PorticoError.validation("'from' must be before 'to'.", field: "from") }
            selection = .range(from: from, to: to)
        case (_?, _, _):
            throw PorticoError.validation("Send either 'eventId' or 'from' and 'to', not both.", field: "eventId")
        case (nil, nil, _):
            throw PorticoError.validation("Send 'eventId', or 'from' and 'to' (ISO 8601 times).", field: "from")
        case (nil, _?, nil):
            throw PorticoError.validation("'to' is required with 'from'.", field: "to")
        }
    }

    /// An ISO 8601 time, with or without fractional seconds; a 422 naming the field otherwise.
    private static func time(in container: KeyedDecodingContainer<CodingKeys>, forKey key: CodingKeys) throws -> Date? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = (try? Date.ISO8601FormatStyle().parse(text))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) else {
            throw PorticoError.validation("'\(key.rawValue)' must be an ISO 8601 time such as 2027-01-31T00:00:00Z.", field: key.rawValue)
        }
        return date
    }
}

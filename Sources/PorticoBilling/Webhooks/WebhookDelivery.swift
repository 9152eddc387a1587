import Foundation

/// Where one event's delivery to one endpoint stands.
enum WebhookDeliveryStatus: String, Codable, Sendable {
    /// Not delivered yet: due at `nextAttemptAt`.
    case pending
    /// An attempt was answered with a 2xx.
    case succeeded
    /// No attempt succeeded within 3 days.
    case failed
}

/// One entry of an endpoint's delivery log.
struct WebhookDelivery: Encodable, Sendable {
    let id: UUID
    let eventId: String
    let eventType: String
    let status: WebhookDeliveryStatus
    let attempts: Int
    let lastStatusCode: Int?
    let lastError: String?
    let nextAttemptAt: Date?
    let deliveredAt: Date?
    let createdAt: Date

    private enum CodingKeys: String, CodingKey {
        case id, eventId, eventType, status, attempts, lastStatusCode, lastError, nextAttemptAt, deliveredAt, createdAt
    }

    // Absent values are written as null, so every field of the contract is always there.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(lastStatusCode, forKey: .lastStatusCode)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(deliveredAt, forKey: .deliveredAt)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

struct WebhookDeliveryList: Encodable, Sendable {
    let items: [WebhookDelivery]
}

struct WebhookReplayResult: Encodable, Sendable {
    let replayed: Int
}

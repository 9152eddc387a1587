import Foundation

/// A tenant's webhook endpoint as the API shows it: never with its secret.
struct WebhookEndpoint: Codable, Sendable, Equatable {
    let id: UUID
    let url: String
    let events: [WebhookEventType]
    let createdAt: Date
    let updatedAt: Date
}

/// A new endpoint, with its secret: the one time the tenant sees it.
struct CreatedWebhookEndpoint: Encodable, Sendable {
    let id: UUID
    let url: String
    let events: [WebhookEventType]
    let secret: String
    let createdAt: Date
}

struct WebhookEndpointList: Encodable, Sendable {
    let items: [WebhookEndpoint]
}

/// A rotated endpoint's new secret, shown once; the previous one signs beside it for a while.
struct RotatedWebhookSecret: Encodable, Sendable {
    let secret: String
    let previousSecretExpiresAt: Date
}

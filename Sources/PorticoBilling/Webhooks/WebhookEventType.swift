/// What billing announces to a tenant's webhook endpoints; an endpoint subscribes to some of them.
public enum WebhookEventType: String, Codable, Sendable, CaseIterable {
    case invoiceCreated = "invoice.created"
    case invoiceFinalized = "invoice.finalized"
    case invoicePaid = "invoice.paid"
    case invoiceVoided = "invoice.voided"
    case invoiceUncollectible = "invoice.uncollectible"
    case creditNoteCreated = "credit_note.created"
    case subscriptionUpdated = "subscription.updated"
    case usageThresholdReached = "usage.threshold_reached"
    case tenantSuspended = "tenant.suspended"
    case tenantResumed = "tenant.resumed"
}

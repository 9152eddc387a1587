import PorticoStore

/// Billing's webhook background work: the dispatcher runs every few seconds across all workers.
enum WebhookJobs {
    /// One run of the dispatcher: what is due is sent; what is not waits for a later run.
    static let deliver = JobKind<EmptyPayload>("billing.webhook-deliveries", maxAttempts: 3, deadline: .seconds(300))
    static let interval: Duration = .seconds(5)

    static func register(in jobs: inout JobRegistry, dispatcher: WebhookDispatcher) {
        jobs.register(deliver) { _, _ in
            _ = try await dispatcher.deliverDue()
        }
        jobs.schedule(deliver, every: interval)
    }
}

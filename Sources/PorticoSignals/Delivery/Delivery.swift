import Foundation

/// A delivery to a hook's public URL, as read from the request: what the provider says it is and
/// the raw body its signature covers.
struct Delivery: Sendable {
    /// `X-GitHub-Event`, `X-Gitlab-Event`, or `run` for generic hooks.
    let event: String?
    /// `X-GitHub-Delivery`, `X-Gitlab-Event-UUID` or `X-Delivery-Id`: a redelivery repeats it.
    let id: String?
    let signature: String?
    let token: String?
    let body: Data
}

/// What became of a delivery.
struct DeliveryOutcome: Encodable {
    enum Status: String, Encodable {
        /// The run's state was stored under `entities` entities.
        case applied
        /// A newer state of the run was already stored.
        case outOfOrder = "out_of_order"
        /// This delivery id was taken before.
        case duplicate
        /// No entity has the run's repository in its annotations: nothing stored.
        case unmapped
        /// An event type signals does not read.
        case ignored
    }

    let status: Status
    let entities: Int
}

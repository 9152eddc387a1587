import Foundation
import PorticoCore

/// An event that passed every check, with its identity: `key` from the client's id (the same id
/// is the same event for ever) and a fingerprint of its content (a different event sent under a
/// used id is told apart from a retry).
struct ValidEvent: Sendable {
    let key: UUID
    let fingerprint: Int64
    let occurredAt: Date
    /// Lowercased, as catalog refs are.
    let userRef: String
    let action: String
    let subject: String
    let value: Double?
    let pluginId: String
    let routeRef: String?
    let entityRef: String?
    let `extension`: String?
    /// JSON text, nil when the event had none.
    let attributes: String?
    let context: String?
}

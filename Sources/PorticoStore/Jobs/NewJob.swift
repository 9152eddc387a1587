import Foundation
import PorticoCore

/// A job about to be inserted: its kind's rules and its payload, encoded once.
struct NewJob: Sendable {
    let name: String
    let maxAttempts: Int
    let startOverAfter: Duration?
    let payloadJSON: String
    let tenant: TenantID?
    let uniqueKey: String?
    let runAt: Date?

    init<Payload>(_ kind: JobKind<Payload>, _ payload: Payload, uniqueKey: String?, runAt: Date?) throws {
        name = kind.name
        maxAttempts = kind.maxAttempts
        startOverAfter = kind.startOverAfter
        payloadJSON = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        tenant = (payload as? any TenantScopedPayload)?.tenantID
        self.uniqueKey = uniqueKey
        self.runAt = runAt
    }
}

import PorticoCore

/// An analytics event as Backstage's analytics API emits it (`AnalyticsEvent`), so a Backstage
/// analytics module can forward events as they are. Unknown top-level fields are refused; the
/// context may carry more keys than the ones named here, as Backstage's does. Read from the
/// batch's JSON by `IncomingEvent+JSON.swift`.
struct IncomingEvent: Sendable {
    static let fields: Set<String> = ["id", "timestamp", "user", "action", "subject", "value", "attributes", "context"]

    let id: String
    let timestamp: String
    let user: String
    let action: String
    let subject: String
    let value: Double?
    let attributes: [String: JSONValue]?
    let context: IncomingEventContext
}

/// The event's context: which plugin, route and entity it happened in. Keys besides the named
/// ones (`searchTypes`, a plugin's own) are kept as they came, within a size limit.
struct IncomingEventContext: Sendable {
    static let namedKeys: Set<String> = ["pluginId", "routeRef", "extension", "extensionId", "entityRef"]

    let pluginId: String
    let routeRef: String?
    let `extension`: String?
    let extensionId: String?
    let entityRef: String?
    let others: [String: JSONValue]
}

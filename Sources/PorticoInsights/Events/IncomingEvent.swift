import PorticoCore
import PorticoGateway

/// An analytics event as Backstage's analytics API emits it (`AnalyticsEvent`), so a Backstage
/// analytics module can forward events as they are. Unknown top-level fields are refused; the
/// context may carry more keys than the ones named here, as Backstage's does.
struct IncomingEvent: Decodable, Sendable {
    let id: String
    let timestamp: String
    let user: String
    let action: String
    let subject: String
    let value: Double?
    let attributes: [String: JSONValue]?
    let context: IncomingEventContext

    private typealias Key = StrictDecoding.AnyKey
    private static let id = Key(stringValue: "id"), timestamp = Key(stringValue: "timestamp"), user = Key(stringValue: "user")
    private static let action = Key(stringValue: "action"), subject = Key(stringValue: "subject"), value = Key(stringValue: "value")
    private static let attributes = Key(stringValue: "attributes"), context = Key(stringValue: "context")
    private static let allowedKeys: Set<String> = ["id", "timestamp", "user", "action", "subject", "value", "attributes", "context"]

    /// Checks and reads the fields from one container: the decoder builds each container's key table anew.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        try StrictDecoding.rejectUnknownKeys(in: container, allowed: Self.allowedKeys)
        id = try container.decode(String.self, forKey: Self.id)
        timestamp = try container.decode(String.self, forKey: Self.timestamp)
        user = try container.decode(String.self, forKey: Self.user)
        action = try container.decode(String.self, forKey: Self.action)
        subject = try container.decode(String.self, forKey: Self.subject)
        value = try container.decodeIfPresent(Double.self, forKey: Self.value)
        attributes = try container.decodeIfPresent([String: JSONValue].self, forKey: Self.attributes)
        context = try container.decode(IncomingEventContext.self, forKey: Self.context)
    }
}

/// The event's context: which plugin, route and entity it happened in. Keys besides the named
/// ones (`searchTypes`, a plugin's own) are kept as they came, within a size limit.
struct IncomingEventContext: Decodable, Sendable {
    let pluginId: String
    let routeRef: String?
    let `extension`: String?
    let extensionId: String?
    let entityRef: String?
    let others: [String: JSONValue]

    static let namedKeys: Set<String> = ["pluginId", "routeRef", "extension", "extensionId", "entityRef"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: StrictDecoding.AnyKey.self)
        func text(_ key: String) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: StrictDecoding.AnyKey(stringValue: key))
        }
        guard let pluginId = try text("pluginId") else {
            throw PorticoError.validation("'context.pluginId' is required.", field: "context.pluginId")
        }
        self.pluginId = pluginId
        routeRef = try text("routeRef")
        `extension` = try text("extension")
        extensionId = try text("extensionId")
        entityRef = try text("entityRef")
        var others: [String: JSONValue] = [:]
        for key in container.allKeys where !Self.namedKeys.contains(key.stringValue) {
            others[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        self.others = others
    }
}

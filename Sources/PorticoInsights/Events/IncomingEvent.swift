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

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, timestamp, user, action, subject, value, attributes, context
    }

    private static let allowedKeys = Set(CodingKeys.allCases.map(\.rawValue))

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Self.allowedKeys)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        timestamp = try container.decode(String.self, forKey: .timestamp)
        user = try container.decode(String.self, forKey: .user)
        action = try container.decode(String.self, forKey: .action)
        subject = try container.decode(String.self, forKey: .subject)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        attributes = try container.decodeIfPresent([String: JSONValue].self, forKey: .attributes)
        context = try container.decode(IncomingEventContext.self, forKey: .context)
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

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static let namedKeys: Set<String> = ["pluginId", "routeRef", "extension", "extensionId", "entityRef"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        func text(_ key: String) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: key))
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

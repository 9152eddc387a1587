import Foundation
import HummingbirdTesting
import PorticoCore
import PorticoStore
import Testing
@testable import PorticoApp
@testable import PorticoInsights

/// Events as Backstage's analytics API emits them, for tests.
enum InsightsEvents {
    /// `2026-11-02T10:00:00.000Z`, as JavaScript's `toISOString()` writes it.
    static let timestampFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func event(
        id: String = UUID().uuidString, at timestamp: Date = Date(), user: String = "user:default/ana",
        action: String = "navigate", subject: String = "/catalog", value: Double? = nil,
        pluginId: String = "catalog", entityRef: String? = nil, attributes: [String: Any]? = nil
    ) -> [String: Any] {
        var context: [String: Any] = ["pluginId": pluginId, "routeRef": "\(pluginId):root"]
        if let entityRef { context["entityRef"] = entityRef }
        var event: [String: Any] = [
            "id": id, "timestamp": timestamp.formatted(Self.timestampFormat),
            "user": user, "action": action, "subject": subject, "context": context,
        ]
        if let value { event["value"] = value }
        if let attributes { event["attributes"] = attributes }
        return event
    }
}

extension TestClientProtocol {
    func postEvents(_ events: [[String: Any]], token: String) async throws -> TestResponse {
        try await call(.post, "/api/insights/events", token: token, json: ["events": events])
    }
}

extension Runtime {
    /// Runs the tenant's rollup now, as the worker's job would, again while it leaves events
    /// behind (other tests' transactions running at the same time hold the horizon back).
    func rollUpInsights(_ tenant: TenantID) async throws {
        let rollup = EventRollup(database: database)
        try await eventually("the rollup takes every stored event") {
            try await !rollup.run(for: tenant).leftBehind
        }
    }
}

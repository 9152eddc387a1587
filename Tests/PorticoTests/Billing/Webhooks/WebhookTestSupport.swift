import Foundation
import HummingbirdTesting
import Logging
import PorticoCore
import PorticoOutbound
import PorticoStore
import Testing
@testable import PorticoApp
@testable import PorticoBilling

/// What a webhook test works with: a fresh database (the dispatcher claims every tenant's due
/// deliveries, so tests must not share one), two tenants, the real server and a loopback receiver.
/// Endpoints point at `receiver.test`, a name the tests' resolver sends to 127.0.0.1: creation
/// accepts it (names are not resolved then) and the guarded client decides at delivery.
struct WebhookFixture: Sendable {
    static let receiverHost = "receiver.test"

    let runtime: Runtime
    let a: TestTenant
    let b: TestTenant
    let receiver: WebhookReceiver
    let port: Int

    static func with(
        overrides: [String: String] = [:], _ body: @Sendable (WebhookFixture, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await WebhookReceiver.with { receiver, port in
            try await TestDatabase.withFreshMigrated(overrides: overrides) { _, runtime in
                let fixture = WebhookFixture(
                    runtime: runtime, a: try await TestTenants.create(runtime), b: try await TestTenants.create(runtime),
                    receiver: receiver, port: port)
                try await LiveServer.with(runtime) { client in try await body(fixture, client) }
            }
        }
    }

    func url(_ name: String) -> String { "http://\(Self.receiverHost):\(port)/hooks/\(name)" }

    /// A dispatcher over the guarded client, with `receiver.test` resolving to loopback.
    func dispatcher(allowLoopback: Bool = true, timeout: Duration = .seconds(10)) -> WebhookDispatcher {
        let client = GuardedHTTPClient(
            policy: OutboundPolicy(allowLoopback: allowLoopback), resolver: ScriptedResolver([Self.receiverHost: [["127.0.0.1"]]]),
            logger: runtime.logger)
        return WebhookDispatcher(database: runtime.database, outbound: client, attemptTimeout: timeout)
    }

    /// Publishes in a transaction of its own that commits, as billing's own changes do.
    func publish(_ type: WebhookEventType, _ data: [String: String], for tenant: TestTenant, at: Date = Date()) async throws {
        try await runtime.database.withTransaction { connection in
            try await WebhookOutbox.publish(type, data: data, tenant: tenant.id, at: at, on: connection, logger: runtime.logger)
        }
    }
}

/// An endpoint as its creation answered.
struct CreatedEndpoint: Sendable {
    let id: String
    let secret: String
}

extension TestClientProtocol {
    func createWebhook(
        url: String, events: [String] = ["invoice.paid", "invoice.created"], token: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CreatedEndpoint {
        let created = try await call(.post, "/v1/billing/webhooks", token: token, json: ["url": url, "events": events])
        #expect(created.status == .created, "\(created.json)", sourceLocation: sourceLocation)
        return CreatedEndpoint(
            id: try #require(created.json["id"] as? String, sourceLocation: sourceLocation),
            secret: try #require(created.json["secret"] as? String, sourceLocation: sourceLocation))
    }

    func webhookDeliveries(_ endpoint: String, token: String) async throws -> [[String: Any]] {
        let log = try await call(.get, "/v1/billing/webhooks/\(endpoint)/deliveries", token: token)
        #expect(log.status == .ok, "\(log.json)")
        return log.json["items"] as? [[String: Any]] ?? []
    }
}

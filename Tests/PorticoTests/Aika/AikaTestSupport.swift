import Foundation
import HummingbirdTesting
import PorticoCatalog
import PorticoCore
import PorticoStore
import Testing
@testable import PorticoAika
@testable import PorticoApp

extension Runtime {
    /// Runs the tenant's catalog sync once, as the worker's job does.
    @discardableResult
    func syncAikaCatalog(_ tenant: TenantID) async throws -> CatalogSync.Report {
        let sync = CatalogSync(
            catalog: CatalogKnowledgeFeed(database: database), store: KnowledgeStore(database: database),
            tenants: AikaTenantStore(database: database), fetchDocumentation: { _, _ in }, logger: logger)
        return try await sync.sync(tenant)
    }
}

/// A small made-up organization's catalog for AiKA's tests.
enum AikaCatalog {
    static func component(_ name: String, owner: String, system: String? = nil, provides: [String] = [], consumes: [String] = [],
                          description: String? = nil) -> [String: Any] {
        var spec: [String: Any] = ["type": "service", "lifecycle": "production", "owner": owner, "providesApis": provides, "consumesApis": consumes]
        if let system { spec["system"] = system }
        var metadata: [String: Any] = ["name": name]
        if let description { metadata["description"] = description }
        return ["apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": metadata, "spec": spec]
    }

    static func api(_ name: String, owner: String, definition: String = "openapi: 3.0.0") -> [String: Any] {
        ["apiVersion": "backstage.io/v1alpha1", "kind": "API", "metadata": ["name": name],
         "spec": ["type": "openapi", "lifecycle": "production", "owner": owner, "definition": definition]]
    }

    static func group(_ name: String) -> [String: Any] {
        ["apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": ["name": name], "spec": ["type": "team", "children": []]]
    }

    static var payments: [[String: Any]] { [
        group("payments-team"),
        group("checkout-team"),
        component("payments", owner: "payments-team", provides: ["payments-api"],
                  description: "Takes card payments and refunds them; settles with the acquirer every night at 02:00 UTC."),
        component("checkout", owner: "checkout-team", consumes: ["payments-api", "ledger-api"]),
        api("payments-api", owner: "payments-team", definition: "openapi: 3.0.0\npaths:\n  /refunds:\n    post:\n      summary: Refund a captured payment"),
        api("ledger-api", owner: "payments-team"),
    ] }
}

extension TestClientProtocol {
    func pushCatalog(_ entities: [[String: Any]], provider: String = "aika-tests", token: String,
                     sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let pushed = try await call(.put, "/api/catalog/providers/\(provider)/entities", token: token, json: ["entities": entities])
        #expect(pushed.status == .ok, "\(pushed.json)", sourceLocation: sourceLocation)
    }

    func ask(_ question: String, conversation: String? = nil, token: String) async throws -> TestResponse {
        var body: [String: Any] = ["question": question]
        if let conversation { body["conversationId"] = conversation }
        return try await call(.post, "/api/aika/ask", token: token, json: body)
    }
}

extension TestClientProtocol {
    func putDocument(_ id: String, title: String, body: String, entityRef: String? = nil, url: String? = nil, token: String) async throws -> TestResponse {
        var json: [String: Any] = ["title": title, "body": body]
        if let entityRef { json["entityRef"] = entityRef }
        if let url { json["url"] = url }
        return try await call(.put, "/api/aika/documents/\(id)", token: token, json: json)
    }
}

/// Markdown pages for AiKA's tests.
enum AikaDocuments {
    static let settlement = """
        # Payments settlement

        How card payments become money in the bank.

        ## Nightly settlement

        The settlement batch runs every night at 02:00 UTC and sends the day's captured payments to the acquirer.

        ## Chargebacks

        A chargeback freezes the disputed amount for 45 days while the issuer investigates.
        """

    static let onCall = """
        # On-call handbook

        ## Escalation

        Page the secondary after fifteen minutes without an acknowledgement; the incident commander joins at severity two.

        ## Handover

        Handover happens on Mondays at 10:00 in the #ops-handover channel.
        """
}

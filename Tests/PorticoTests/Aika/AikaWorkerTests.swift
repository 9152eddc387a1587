import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Knowledge kept in step by a real `portico worker`: the catalog's entities and relations, an
/// entity's documentation fetched from its techdocs-ref through the guarded client, and changes
/// and deletions followed. (Timeouts only bound a hang.)
@Suite(.serialized) struct AikaWorkerTests {
    static let workerEnvironment = [
        "PORTICO_AIKA_CATALOG_SYNC_SECONDS": "5", "PORTICO_OUTBOUND_ALLOW_LOOPBACK": "true",
    ]

    @Test func theWorkerFollowsTheCatalogAndFetchesDocumentation() async throws {
        let site = TechDocsTestSite.router(files: [
            "/docs/mkdocs.yml": "site_name: Payments\nnav:\n  - Home: index.md\n  - Runbook: runbook.md\n",
            "/docs/docs/index.md": "# Payments\n\nThe payments service takes card payments.\n",
            "/docs/docs/runbook.md": "# Runbook\n\n## Restarting\n\nRestart the payments pods with the blue-green switch in Argo, never by hand.\n",
        ])
        try await OutboundTestServer.with(router: site) { port in
            try await TestDatabase.withFreshMigrated { url, runtime in
                let tenant = try await TestTenants.create(runtime, plan: "enterprise")
                let worker = try PorticoProcess(["worker", "--name", "aika"], databaseURL: url, environment: Self.workerEnvironment)
                defer { worker.stop() }
                try await LiveServer.with(runtime) { client in
                    var entities = AikaCatalog.payments
                    var payments = entities[2]
                    var metadata = payments["metadata"] as? [String: Any] ?? [:]
                    metadata["annotations"] = ["backstage.io/techdocs-ref": "url:http://127.0.0.1:\(port)/docs/mkdocs.yml"]
                    payments["metadata"] = metadata
                    entities[2] = payments
                    try await client.pushCatalog(entities, token: tenant.apiKey)

                    try await eventually("the catalog is knowledge", timeout: .seconds(120), every: .milliseconds(500)) {
                        let owner = try await client.ask("Who owns payments?", token: tenant.apiKey)
                        return (owner.json["answer"] as? String)?.contains("group:default/payments-team") == true
                    }
                    try await eventually("the documentation is fetched", timeout: .seconds(120), every: .milliseconds(500)) {
                        let found = try await client.call(.get, "/api/aika/search?q=blue-green%20switch%20Argo", token: tenant.apiKey)
                        let first = (found.json["items"] as? [[String: Any]])?.first
                        return first?["heading"] as? String == "Runbook > Restarting" && first?["entityRef"] as? String == "component:default/payments"
                    }
                    let status = try await client.call(.get, "/api/aika/techdocs", token: tenant.apiKey)
                    let item = (status.json["items"] as? [[String: Any]])?.first
                    #expect(item?["pages"] as? Int == 2, "\(status.json)")
                    #expect(item?["problem"] == nil || item?["problem"] is NSNull, "\(status.json)")

                    // A new owner, and checkout gone.
                    payments["spec"] = ["type": "service", "lifecycle": "production", "owner": "checkout-team"]
                    try await client.pushCatalog([entities[0], entities[1], payments, entities[4], entities[5]], token: tenant.apiKey)
                    try await eventually("the change and the deletion are followed", timeout: .seconds(120), every: .milliseconds(500)) {
                        let owner = try await client.ask("Who owns payments?", token: tenant.apiKey)
                        let checkout = try await client.call(.get, "/api/aika/search?q=checkout", token: tenant.apiKey)
                        let refs = (checkout.json["items"] as? [[String: Any]])?.compactMap { $0["entityRef"] as? String } ?? []
                        return (owner.json["answer"] as? String)?.contains("group:default/checkout-team") == true
                            && !refs.contains("component:default/checkout")
                    }
                }
            }
        }
    }

    @Test func unreachableDocumentationIsReportedAndIndexesNothing() async throws {
        try await TestDatabase.withFreshMigrated { url, runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            // Loopback is refused for this worker: the reference points at our own network.
            let worker = try PorticoProcess(
                ["worker", "--name", "aika-guarded"], databaseURL: url, environment: ["PORTICO_AIKA_CATALOG_SYNC_SECONDS": "5"])
            defer { worker.stop() }
            try await LiveServer.with(runtime) { client in
                var component = AikaCatalog.component("ledger", owner: "payments-team")
                component["metadata"] = ["name": "ledger", "annotations": ["backstage.io/techdocs-ref": "url:http://127.0.0.1:1/docs/index.md"]]
                try await client.pushCatalog([AikaCatalog.group("payments-team"), component], token: tenant.apiKey)
                try await eventually("the problem is reported", timeout: .seconds(120), every: .milliseconds(500)) {
                    let status = try await client.call(.get, "/api/aika/techdocs", token: tenant.apiKey)
                    let problem = (status.json["items"] as? [[String: Any]])?.first?["problem"] as? String
                    return problem?.contains("127.0.0.1") == true
                }
                let documents = try await client.call(.get, "/api/aika/documents", token: tenant.apiKey)
                #expect((documents.json["items"] as? [[String: Any]])?.isEmpty == true, "\(documents.json)")
            }
        }
    }
}

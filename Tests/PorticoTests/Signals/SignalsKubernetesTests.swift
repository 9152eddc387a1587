import Foundation
import HummingbirdTesting
import Logging
import PorticoCatalog
import PorticoCore
import PorticoOutbound
import Testing
@testable import PorticoApp
@testable import PorticoSignals

/// Workloads listed from a loopback server speaking the Kubernetes list API, through the guarded
/// client, as the worker's job does; and pushed by the agent.
@Suite struct SignalsKubernetesTests {
    static let paymentsLabels = ["backstage.io/kubernetes-id": "payments", "app": "payments"]
    static let ledgerLabels = ["app": "ledger", "tier": "backend"]

    static func cluster() -> KubernetesTestServer {
        var pods: [KubernetesTestServer.Object] = []
        // More pods than one page (500) holds, so the listing has to follow `continue`.
        for index in 0..<520 {
            pods.append(.pod("payments-api-7d9f-\(index)", of: "payments-api-7d9f", labels: paymentsLabels,
                             restarts: index == 519 ? 14 : 0, waiting: index == 519 ? "CrashLoopBackOff" : nil))
        }
        pods.append(.pod("ledger-5c4b-0", of: "ledger-5c4b", namespace: "ledger", labels: ledgerLabels, restarts: 0, waiting: nil))
        pods.append(.pod("other-1", of: "other-rs", labels: ["app": "other"], restarts: 3, waiting: "ImagePullBackOff"))
        return KubernetesTestServer(token: "sa-token-123", objects: [
            "/apis/apps/v1/deployments": [
                .deployment("payments-api", labels: paymentsLabels, replicas: 3, ready: 2, image: "ghcr.io/acme/payments:1.4.2"),
                .deployment("ledger", namespace: "ledger", labels: ledgerLabels, replicas: 2, ready: 2, image: "ghcr.io/acme/ledger:9"),
                .deployment("other", labels: ["app": "other"], replicas: 1, ready: 0, image: "ghcr.io/acme/other:1"),
            ],
            "/apis/apps/v1/replicasets": [
                .replicaSet("payments-api-7d9f", of: "payments-api", labels: paymentsLabels),
                .replicaSet("ledger-5c4b", of: "ledger", namespace: "ledger", labels: ledgerLabels),
            ],
            "/api/v1/pods": pods,
        ])
    }

    static var catalog: [[String: Any]] { [
        SignalsCatalog.component("payments", kubernetesID: "payments"),
        SignalsCatalog.component("ledger", labelSelector: "app=ledger,tier=backend"),
        SignalsCatalog.component("search"),
    ] }

    func clusterSync(_ runtime: Runtime, deadline: Duration = .seconds(10)) -> ClusterSync {
        let sealer = SecretSealer(key: Data(repeating: 7, count: 32))
        return ClusterSync(
            clusters: ClusterStore(database: runtime.database, sealer: sealer), catalog: CatalogKnowledgeFeed(database: runtime.database),
            workloads: WorkloadStore(database: runtime.database), lister: KubernetesLister(outbound: runtime.outbound), deadline: deadline)
    }

    func register(_ client: some TestClientProtocol, name: String, port: Int, token: String, apiKey: String) async throws -> UUID {
        let registered = try await client.call(.post, "/api/signals/clusters", token: apiKey, json: [
            "name": name, "apiUrl": "http://127.0.0.1:\(port)", "token": token,
            "caCertificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        ])
        #expect(registered.status == .created, "\(registered.json)")
        #expect(registered.json["token"] == nil)
        return try #require((registered.json["id"] as? String).flatMap(UUID.init(uuidString:)))
    }

    @Test func aPulledClusterShowsEachEntitysWorkloadsAndWhatCrashLoops() async throws {
        let server = Self.cluster()
        try await OutboundTestServer.with(router: server.router) { port in
            try await SignalsTesting.with { runtime, client, a, _ in
                try await client.pushSignalsCatalog(Self.catalog, token: a.apiKey)
                let id = try await register(client, name: "prod-eu", port: port, token: server.token, apiKey: a.apiKey)
                try await clusterSync(runtime).pull(id, tenant: a.id)

                let payments = try await client.signals("component:default/payments", token: a.apiKey)
                let workloads = try #require(payments["workloads"] as? [[String: Any]])
                #expect(workloads.count == 1)
                let api = try #require(workloads.first)
                #expect(api["cluster"] as? String == "prod-eu")
                #expect(api["namespace"] as? String == "payments")
                #expect(api["kind"] as? String == "Deployment")
                #expect(api["name"] as? String == "payments-api")
                #expect(api["desiredReplicas"] as? Int == 3)
                #expect(api["readyReplicas"] as? Int == 2)
                #expect(api["restarts"] as? Int == 14, "the crash-looping pod is on the second page")
                #expect(api["problems"] as? [String] == ["CrashLoopBackOff", "unavailable"])
                #expect(api["images"] as? [String] == ["ghcr.io/acme/payments:1.4.2"])
                #expect(server.seen.contains { $0.contains("continue=page-500") })
                #expect(server.seen.contains { $0.contains("labelSelector=app%3Dledger%2Ctier%3Dbackend") })

                let ledger = try #require((try await client.signals("component:default/ledger", token: a.apiKey))["workloads"] as? [[String: Any]])
                #expect(ledger.map { $0["name"] as? String } == ["ledger"])
                #expect(ledger.first?["healthy"] as? Bool == true)
                #expect((try await client.signals("component:default/search", token: a.apiKey)["workloads"] as? [Any])?.isEmpty == true)

                let failing = try #require(try await client.call(.get, "/api/signals/failing", token: a.apiKey).json["items"] as? [[String: Any]])
                #expect(failing.count == 1)
                #expect(failing.first?["source"] as? String == "workload")
                #expect(failing.first?["entityRef"] as? String == "component:default/payments")

                let clusters = try #require(try await client.call(.get, "/api/signals/clusters", token: a.apiKey).json["items"] as? [[String: Any]])
                #expect(clusters.first?["lastSyncError"] is NSNull)
                #expect(clusters.first?["hasCertificateAuthority"] as? Bool == true)
                #expect(!String(describing: clusters).contains(server.token), "the token never comes back")
            }
        }
    }

    @Test func a401AndASlowAnswerAreRecordedAndKeepTheLastGoodWorkloads() async throws {
        let server = Self.cluster()
        try await OutboundTestServer.with(router: server.router) { port in
            try await SignalsTesting.with { runtime, client, a, _ in
                try await client.pushSignalsCatalog(Self.catalog, token: a.apiKey)
                let good = try await register(client, name: "good", port: port, token: server.token, apiKey: a.apiKey)
                let wrong = try await register(client, name: "wrong-token", port: port, token: "expired", apiKey: a.apiKey)
                let sync = clusterSync(runtime)
                try await sync.pull(good, tenant: a.id)
                try await sync.pull(wrong, tenant: a.id)
                // Each answer now takes longer than a whole listing may.
                server.answerSlowly(.seconds(6))
                try await clusterSync(runtime, deadline: .seconds(1)).pull(good, tenant: a.id)

                let clusters = try #require(try await client.call(.get, "/api/signals/clusters", token: a.apiKey).json["items"] as? [[String: Any]])
                let errors = Dictionary(uniqueKeysWithValues: clusters.map { ($0["name"] as! String, $0["lastSyncError"] as? String) })
                #expect(errors["wrong-token"]??.contains("401") == true, "\(errors)")
                #expect(errors["good"]??.contains("deadline") == true, "\(errors)")
                let workloads = try #require(try await client.signals("component:default/payments", token: a.apiKey)["workloads"] as? [[String: Any]])
                #expect(workloads.map { $0["cluster"] as? String } == ["good"], "the good listing's workloads are kept")
            }
        }
    }

    @Test func theAgentPushesTheSameLists() async throws {
        let server = Self.cluster()
        try await OutboundTestServer.with(router: server.router) { port in
            try await SignalsTesting.with { _, client, a, _ in
                try await client.pushSignalsCatalog(Self.catalog, token: a.apiKey)
                let registered = try await client.call(.post, "/api/signals/clusters", token: a.apiKey, json: ["name": "on-prem", "mode": "push"])
                #expect(registered.status == .created, "\(registered.json)")
                let selectors = try #require(
                    try await client.call(.get, "/api/signals/clusters/on-prem/selectors", token: a.apiKey).json["items"] as? [[String: Any]])
                let byEntity = Dictionary(uniqueKeysWithValues: selectors.map { ($0["entityRef"] as! String, $0["labelSelector"] as! String) })
                #expect(byEntity == ["component:default/payments": "backstage.io/kubernetes-id=payments",
                                     "component:default/ledger": "app=ledger,tier=backend"])
                let listing = KubernetesAgentListing(
                    apiURL: URL(string: "http://127.0.0.1:\(port)")!, token: server.token,
                    outbound: GuardedHTTPClient(policy: OutboundPolicy(allowLoopback: true), logger: Logger(label: "agent")), deadline: .seconds(10))
                let body = try await listing.pushBody(selectors: byEntity)
                let pushed = try await client.call(.post, "/api/signals/clusters/on-prem/workloads", token: a.apiKey,
                                                   rawBody: String(decoding: body, as: UTF8.self))
                #expect(pushed.status == .ok, "\(pushed.json)")
                #expect(pushed.json["workloads"] as? Int == 2)
                let workloads = try #require(try await client.signals("component:default/payments", token: a.apiKey)["workloads"] as? [[String: Any]])
                #expect(workloads.first?["cluster"] as? String == "on-prem")
                #expect(workloads.first?["restarts"] as? Int == 14)
                // The next push without ledger clears ledger's workloads of this cluster.
                let partial = try await listing.pushBody(selectors: ["component:default/payments": "backstage.io/kubernetes-id=payments"])
                _ = try await client.call(.post, "/api/signals/clusters/on-prem/workloads", token: a.apiKey, rawBody: String(decoding: partial, as: UTF8.self))
                #expect((try await client.signals("component:default/ledger", token: a.apiKey)["workloads"] as? [Any])?.isEmpty == true)
                // Deleting the cluster clears what it showed.
                #expect(try await client.call(.delete, "/api/signals/clusters/on-prem", token: a.apiKey).status == .noContent)
                #expect((try await client.signals("component:default/payments", token: a.apiKey)["workloads"] as? [Any])?.isEmpty == true)
            }
        }
    }
}

import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PorticoOutbound
import PorticoSignals
import Logging

/// `portico agent`: helpers that run next to a tenant's systems and push to Portico.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run an agent that pushes signals from where Portico cannot reach.",
        subcommands: [AgentKubernetesCommand.self])
}

/// Lists a cluster Portico cannot reach and pushes the lists to a `push` cluster of the tenant.
struct AgentKubernetesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubernetes",
        abstract: "List Deployments, StatefulSets, ReplicaSets and Pods of the tenant's entities and push them to Portico.",
        discussion: """
            Reads each entity's label selector from Portico, lists the cluster's API with it (paging with \
            'continue') and pushes the lists to /api/signals/clusters/<cluster>/workloads, every --interval \
            seconds (once with --once). The API key needs signals:read and signals:write. In a pod: --kube-api \
            https://kubernetes.default.svc with the service account's token and CA files, or a 'kubectl proxy' \
            sidecar (http://127.0.0.1:8001, the default).
            """)

    @Option(help: "Portico's base URL (default: $PORTICO_URL).")
    var url: String?

    @Option(help: "The tenant API key (default: $PORTICO_API_KEY).")
    var apiKey: String?

    @Option(help: "The name of the push cluster registered in Portico.")
    var cluster: String

    @Option(help: "The Kubernetes API URL.")
    var kubeApi: String = "http://127.0.0.1:8001"

    @Option(help: "A file holding the service-account token to send to the Kubernetes API.")
    var tokenFile: String?

    @Option(help: "A file holding the Kubernetes API's CA certificate (PEM), e.g. /var/run/secrets/kubernetes.io/serviceaccount/ca.crt.")
    var caFile: String?

    @Option(help: "Seconds between pushes.")
    var interval: Int = 60

    @Option(help: "Seconds one listing may take.")
    var timeout: Int = 30

    @Flag(help: "Push once and exit.")
    var once = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let base = (url ?? environment["PORTICO_URL"]).map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }), URL(string: base) != nil else {
            throw ValidationError("no Portico URL: pass --url or set PORTICO_URL")
        }
        guard let key = apiKey ?? environment["PORTICO_API_KEY"], !key.isEmpty else {
            throw ValidationError("no API key: pass --api-key or set PORTICO_API_KEY")
        }
        guard let kubeURL = URL(string: kubeApi), kubeURL.host != nil else { throw ValidationError("--kube-api must be a URL") }
        let token = try tokenFile.map { try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let certificateAuthority = try caFile.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let listing = KubernetesAgentListing(
            apiURL: kubeURL, token: token, certificateAuthority: certificateAuthority,
            outbound: GuardedHTTPClient(policy: OutboundPolicy(allowLoopback: true, allowPrivate: true), logger: Logger(label: "portico.agent")),
            deadline: .seconds(timeout))
        let portico = PorticoPush(base: base, apiKey: key, cluster: cluster)
        while true {
            do {
                let selectors = try await portico.selectors()
                let body = try await listing.pushBody(selectors: selectors)
                let outcome = try await portico.push(body)
                print("pushed \(outcome) for \(selectors.count) entities")
            } catch {
                if once { throw CommandFailure(message: "\(error)") }
                print("push failed: \(error)")
            }
            if once { return }
            try await Task.sleep(for: .seconds(interval))
        }
    }
}

/// The two Portico calls of the agent.
struct PorticoPush {
    let base: String
    let apiKey: String
    let cluster: String

    func selectors() async throws -> [String: String] {
        let body = try await send(.GET, "/api/signals/clusters/\(cluster)/selectors", body: nil)
        let object = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        var selectors: [String: String] = [:]
        for item in object?["items"] as? [[String: Any]] ?? [] {
            if let entity = item["entityRef"] as? String, let selector = item["labelSelector"] as? String { selectors[entity] = selector }
        }
        return selectors
    }

    func push(_ body: Data) async throws -> String {
        String(decoding: try await send(.POST, "/api/signals/clusters/\(cluster)/workloads", body: body), as: UTF8.self)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: Data?) async throws -> Data {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let answer = try await response.body.collect(upTo: 16 << 20)
        guard response.status.code < 300 else {
            throw CommandFailure(message: "\(method.rawValue) \(path) answered \(response.status.code): \(String(buffer: answer))")
        }
        return Data(buffer: answer)
    }
}

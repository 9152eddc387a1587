import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PorticoCore
import Testing
@testable import PorticoApp

/// Settings signals' tests run with: a sealing key, and loopback reachable for the test's
/// Kubernetes server.
enum SignalsTesting {
    static let overrides = [
        "signals.keyEncryptionKey": Data(repeating: 7, count: 32).base64EncodedString(),
        "outbound.allowLoopback": "true",
        "signals.clusterTimeoutSeconds": "2",
    ]

    /// Runs `body` with the shared database, a live server and two fresh tenants; `settings`
    /// beside (or instead of) `overrides`.
    static func with(
        settings: [String: String] = [:],
        _ body: @Sendable (Runtime, any TestClientProtocol, TestTenant, TestTenant) async throws -> Void
    ) async throws {
        try await TestDatabase.withShared(overrides: overrides.merging(settings) { $1 }) { runtime in
            let a = try await TestTenants.create(runtime)
            let b = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                try await body(runtime, client, a, b)
            }
        }
    }

    /// The HMAC-SHA256 of `body` under `secret` as GitHub sends it, computed by Python's standard
    /// library, independently of the code under test.
    static func githubSignature(_ body: Data, secret: String) async throws -> String {
        try await ChildProcess.run(["python3", "-c", """
            import hmac, hashlib, sys
            print("sha256=" + hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest(), end="")
            """, secret], input: body).text
    }

    /// The headers GitHub sends with a delivery.
    static func githubHeaders(event: String, delivery: String, signature: String) -> HTTPFields {
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("X-GitHub-Event")!] = event
        headers[HTTPField.Name("X-GitHub-Delivery")!] = delivery
        headers[HTTPField.Name("X-Hub-Signature-256")!] = signature
        headers[.contentType] = "application/json"
        headers[.userAgent] = "GitHub-Hookshot/8e3e8b1"
        return headers
    }
}

/// Catalog entities with the annotations signals reads.
enum SignalsCatalog {
    static func component(
        _ name: String, owner: String = "payments-team", system: String? = nil, github: String? = nil, gitlab: String? = nil,
        kubernetesID: String? = nil, labelSelector: String? = nil
    ) -> [String: Any] {
        var annotations: [String: String] = [:]
        if let github { annotations["github.com/project-slug"] = github }
        if let gitlab { annotations["gitlab.com/project-slug"] = gitlab }
        if let kubernetesID { annotations["backstage.io/kubernetes-id"] = kubernetesID }
        if let labelSelector { annotations["backstage.io/kubernetes-label-selector"] = labelSelector }
        var spec: [String: Any] = ["type": "service", "lifecycle": "production", "owner": owner]
        if let system { spec["system"] = system }
        return ["apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": ["name": name, "annotations": annotations], "spec": spec]
    }

    static func group(_ name: String, parent: String? = nil) -> [String: Any] {
        var spec: [String: Any] = ["type": "team", "children": []]
        if let parent { spec["parent"] = parent }
        return ["apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": ["name": name], "spec": spec]
    }

    static func system(_ name: String, owner: String, domain: String? = nil) -> [String: Any] {
        var spec: [String: Any] = ["owner": owner]
        if let domain { spec["domain"] = domain }
        return ["apiVersion": "backstage.io/v1alpha1", "kind": "System", "metadata": ["name": name], "spec": spec]
    }

    static func domain(_ name: String, owner: String) -> [String: Any] {
        ["apiVersion": "backstage.io/v1alpha1", "kind": "Domain", "metadata": ["name": name], "spec": ["owner": owner]]
    }
}

/// Deliveries in the providers' own formats, trimmed to realistic payloads.
enum ProviderPayloads {
    /// Yesterday (UTC), `YYYY-MM-DD`: runs happen within every 30-day window the views read.
    static let day: String = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let yesterday = calendar.date(byAdding: .day, value: -1, to: Date())!
        return yesterday.formatted(Date.ISO8601FormatStyle().year().month().day())
    }()

    static func workflowRun(
        id: Int = 30433642, repository: String = "acme/payments", workflow: String = "CI", branch: String = "main",
        status: String, conclusion: String? = nil, attempt: Int = 1,
        created: String = "\(day)T10:00:00Z", updated: String = "\(day)T10:04:10Z", action: String? = nil
    ) -> Data {
        let payload: [String: Any] = [
            "action": action ?? (status == "completed" ? "completed" : status == "in_progress" ? "in_progress" : "requested"),
            "workflow_run": [
                "id": id, "name": workflow, "node_id": "WFR_kwLOBZH", "head_branch": branch, "head_sha": "acb5820ced9479c074f688cc328bf03f341a511d",
                "path": ".github/workflows/ci.yml", "display_title": "Fix the thing", "run_number": 562, "event": "push",
                "status": status, "conclusion": conclusion as Any, "workflow_id": 161335, "check_suite_id": 4683454167,
                "url": "https://api.github.com/repos/\(repository)/actions/runs/\(id)",
                "html_url": "https://github.com/\(repository)/actions/runs/\(id)",
                "created_at": created, "updated_at": updated, "run_attempt": attempt, "run_started_at": created,
                "head_commit": ["id": "acb5820ced9479c074f688cc328bf03f341a511d", "message": "Fix the thing", "timestamp": "\(day)T09:00:00Z",
                                "author": ["name": "Ana", "email": "ana@example.com"]],
                "actor": ["login": "ana", "id": 21031067, "type": "User"],
            ],
            "workflow": ["id": 161335, "name": workflow, "path": ".github/workflows/ci.yml", "state": "active"],
            "repository": ["id": 186853002, "name": String(repository.split(separator: "/").last!), "full_name": repository,
                           "private": false, "default_branch": "main", "html_url": "https://github.com/\(repository)"],
            "sender": ["login": "ana", "id": 21031067, "type": "User"],
        ]
        return try! JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
    }

    static func gitlabPipeline(id: Int = 31, project: String = "acme/ledger", status: String, ref: String = "main",
                               name: String? = nil) -> Data {
        let payload: [String: Any] = [
            "object_kind": "pipeline",
            "object_attributes": [
                "id": id, "iid": 3, "name": name as Any, "ref": ref, "tag": false, "sha": "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
                "source": "push", "status": status, "detailed_status": status, "stages": ["build", "test", "deploy"],
                "created_at": "\(day) 11:00:00 UTC",
                "finished_at": status == "success" || status == "failed" ? "\(day) 11:02:00 UTC" : NSNull(),
                "duration": status == "success" || status == "failed" ? 100 : NSNull(),
                "url": "https://gitlab.example.com/\(project)/-/pipelines/\(id)",
            ],
            "user": ["id": 1, "name": "Administrator", "username": "root"],
            "project": ["id": 1, "name": "Ledger", "path_with_namespace": project, "default_branch": "main",
                        "web_url": "https://gitlab.example.com/\(project)"],
            "commit": ["id": "bcbb5ec396a2c0f828686f14fac9b80b780504f2", "message": "test\n", "timestamp": "\(day)T10:30:00+00:00"],
            "builds": [],
        ]
        return try! JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
    }
}

extension TestClientProtocol {
    func pushSignalsCatalog(_ entities: [[String: Any]], token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let pushed = try await call(.put, "/api/catalog/providers/signals-tests/entities", token: token, json: ["entities": entities])
        #expect(pushed.status == .ok, "\(pushed.json)", sourceLocation: sourceLocation)
    }

    func createHook(_ provider: String, token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (id: String, path: String, secret: String) {
        let created = try await call(.post, "/api/signals/webhooks", token: token, json: ["provider": provider])
        #expect(created.status == .created, "\(created.json)", sourceLocation: sourceLocation)
        let url = try #require(created.json["url"] as? String)
        return (try #require(created.json["id"] as? String), url, try #require(created.json["secret"] as? String))
    }

    /// Delivers `body` as GitHub does, signed with `secret` unless a signature is given.
    func deliverGitHub(_ body: Data, to path: String, secret: String, event: String = "workflow_run", delivery: String = UUID().uuidString,
                       signature: String? = nil) async throws -> TestResponse {
        let signed: String
        if let signature { signed = signature } else { signed = try await SignalsTesting.githubSignature(body, secret: secret) }
        return try await execute(
            uri: path, method: .post, headers: SignalsTesting.githubHeaders(event: event, delivery: delivery, signature: signed),
            body: ByteBuffer(bytes: body))
    }

    func deliverGitLab(_ body: Data, to path: String, token: String, event: String = "Pipeline Hook",
                       delivery: String = UUID().uuidString) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("X-Gitlab-Event")!] = event
        headers[HTTPField.Name("X-Gitlab-Token")!] = token
        headers[HTTPField.Name("X-Gitlab-Event-UUID")!] = delivery
        headers[.contentType] = "application/json"
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    func signals(_ ref: String, token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let parts = ref.split(separator: ":", maxSplits: 1)
        let rest = parts[1].split(separator: "/", maxSplits: 1)
        let response = try await call(.get, "/api/signals/entities/\(parts[0])/\(rest[0])/\(rest[1])", token: token)
        #expect(response.status == .ok, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        return response.json
    }
}

extension Runtime {
    /// How many rows the tenant's signals table holds.
    func signalsRowCount(_ tenant: TenantID) async throws -> Int {
        try await database.withTenantTransaction(tenant) { connection in
            var count = 0
            for try await value in try await connection.query("SELECT count(*)::int FROM signals", logger: logger).decode(Int.self) {
                count = value
            }
            return count
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    subscript(path path: String) -> Any? {
        var current: Any? = self
        for part in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(part)]
        }
        return current
    }
}

extension Runtime {
    /// The completed runs each entity's daily CI totals count, in scope order.
    func signalsDayTotals(_ tenant: TenantID) async throws -> [Int] {
        try await database.withTenantTransaction(tenant) { connection in
            var runs: [Int] = []
            let rows = try await connection.query("SELECT (body->>'runs')::int FROM signals WHERE part = 3 ORDER BY scope, at", logger: logger)
            for try await value in rows.decode(Int.self) { runs.append(value) }
            return runs
        }
    }

    /// Each entity's daily CI totals beside the same totals counted again from its stored runs, as
    /// JSON text with the lists sorted, for every day either side has.
    func signalsDayTotalsBesideRecount(_ tenant: TenantID) async throws -> [(stored: String, recounted: String)] {
        try await database.withTenantTransaction(tenant) { connection in
            let rows = try await connection.query("""
                WITH recounted AS (
                    SELECT scope, date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, jsonb_build_object(
                        'runs', count(*) FILTER (WHERE body->>'status' = 'completed'),
                        'succeeded', count(*) FILTER (WHERE body->'run'->>'conclusion' = 'success'),
                        'failures', count(*) FILTER (WHERE (body->>'failed')::boolean),
                        'durationSeconds', coalesce(sum((body->>'durationSeconds')::float8), 0),
                        'durationsSeconds', coalesce(jsonb_agg((body->>'durationSeconds')::float8 ORDER BY (body->>'durationSeconds')::float8)
                            FILTER (WHERE body->>'durationSeconds' IS NOT NULL), '[]'),
                        'deploys', count(*) FILTER (WHERE (body->>'isDeployment')::boolean AND body->>'status' = 'completed'),
                        'failedDeploys', count(*) FILTER (WHERE (body->>'isDeployment')::boolean AND (body->>'failed')::boolean),
                        'leadTimeHours', coalesce(sum((body->>'leadTimeHours')::float8), 0),
                        'leadTimes', count(body->>'leadTimeHours'),
                        'leadTimesHours', coalesce(jsonb_agg((body->>'leadTimeHours')::float8 ORDER BY (body->>'leadTimeHours')::float8)
                            FILTER (WHERE body->>'leadTimeHours' IS NOT NULL), '[]')) AS body
                    FROM signals WHERE part = 1 GROUP BY 1, 2
                ), stored AS (
                    SELECT scope, at AS day, body
                        || jsonb_build_object('durationsSeconds', (SELECT coalesce(jsonb_agg(v ORDER BY v), '[]') FROM jsonb_array_elements(body->'durationsSeconds') v))
                        || jsonb_build_object('leadTimesHours', (SELECT coalesce(jsonb_agg(v ORDER BY v), '[]') FROM jsonb_array_elements(body->'leadTimesHours') v)) AS body
                    FROM signals WHERE part = 3
                )
                SELECT coalesce(s.body::text, ''), coalesce(r.body::text, '')
                FROM stored s FULL JOIN recounted r ON r.scope = s.scope AND r.day = s.day
                ORDER BY coalesce(s.scope, r.scope), coalesce(s.day, r.day)
                """, logger: logger)
            var pairs: [(stored: String, recounted: String)] = []
            for try await (stored, recounted) in rows.decode((String, String).self) { pairs.append((stored, recounted)) }
            return pairs
        }
    }
}

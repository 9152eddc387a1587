import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A loopback server that speaks the Kubernetes list API for Deployments, StatefulSets,
/// ReplicaSets and Pods: filters by `labelSelector` (equality terms), pages by `limit` with a
/// `continue` token, checks the bearer token (401 otherwise), and can be told to answer slowly.
final class KubernetesTestServer: Sendable {
    struct Object: Sendable {
        let labels: [String: String]
        /// The object as the API server serializes it.
        let json: Data

        init(labels: [String: String], json: [String: Any]) {
            self.labels = labels
            self.json = try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        }
    }

    let token: String
    private let objects: Mutex<[String: [Object]]>
    private let delay = Mutex<Duration>(.zero)
    private let requests = Mutex<[String]>([])

    init(token: String, objects: [String: [Object]]) {
        self.token = token
        self.objects = Mutex(objects)
    }

    func answerSlowly(_ duration: Duration) { delay.withLock { $0 = duration } }
    var seen: [String] { requests.withLock { $0 } }

    static let kinds = [
        "/apis/apps/v1/deployments": "DeploymentList", "/apis/apps/v1/statefulsets": "StatefulSetList",
        "/apis/apps/v1/replicasets": "ReplicaSetList", "/api/v1/pods": "PodList",
    ]

    var router: Router<BasicRequestContext> {
        let router = Router()
        for (path, listKind) in Self.kinds {
            router.get(RouterPath(path)) { request, _ -> Response in
                try await self.list(path: path, kind: listKind, request: request)
            }
        }
        return router
    }

    private func list(path: String, kind: String, request: Request) async throws -> Response {
        requests.withLock { $0.append(request.uri.description) }
        let wait = delay.withLock { $0 }
        if wait > .zero { try await Task.sleep(for: wait) }
        guard request.headers[.authorization] == "Bearer \(token)" else {
            return Self.json(["kind": "Status", "apiVersion": "v1", "status": "Failure", "message": "Unauthorized", "reason": "Unauthorized", "code": 401], status: .unauthorized)
        }
        let query = request.uri.queryParameters
        let selector = (query.get("labelSelector") ?? "").split(separator: ",").map { term in
            let parts = term.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        let matching = objects.withLock { $0[path] ?? [] }.filter { object in selector.allSatisfy { object.labels[$0.0] == $0.1 } }
        let limit = query.get("limit").flatMap(Int.init) ?? 500
        let start = query.get("continue").flatMap { Int($0.dropFirst("page-".count)) } ?? 0
        let page = Array(matching.dropFirst(start).prefix(limit))
        var metadata: [String: Any] = ["resourceVersion": "12345"]
        if start + limit < matching.count { metadata["continue"] = "page-\(start + limit)" }
        let head = try JSONSerialization.data(withJSONObject: [
            "kind": kind, "apiVersion": path.hasPrefix("/api/v1") ? "v1" : "apps/v1", "metadata": metadata,
        ] as [String: Any], options: [.sortedKeys])
        var body = head.dropLast()
        body.append(contentsOf: Array(#","items":["#.utf8))
        for (index, item) in page.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(item.json)
        }
        body.append(contentsOf: Array("]}".utf8))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = try! JSONSerialization.data(withJSONObject: object)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

}

/// Objects as the API server returns them (trimmed).
extension KubernetesTestServer.Object {
    typealias Object = KubernetesTestServer.Object

    static func deployment(_ name: String, namespace: String = "payments", labels: [String: String], replicas: Int, ready: Int, image: String) -> Object {
        Object(labels: labels, json: [
            "metadata": ["name": name, "namespace": namespace, "uid": UUID().uuidString, "labels": labels, "generation": 4],
            "spec": ["replicas": replicas, "selector": ["matchLabels": labels],
                     "template": ["metadata": ["labels": labels], "spec": ["containers": [["name": name, "image": image]]]]],
            "status": ["replicas": replicas, "readyReplicas": ready, "availableReplicas": ready, "updatedReplicas": replicas, "observedGeneration": 4],
        ])
    }

    static func replicaSet(_ name: String, of deployment: String, namespace: String = "payments", labels: [String: String]) -> Object {
        Object(labels: labels, json: [
            "metadata": ["name": name, "namespace": namespace, "labels": labels,
                         "ownerReferences": [["apiVersion": "apps/v1", "kind": "Deployment", "name": deployment, "controller": true]]],
            "spec": ["replicas": 1], "status": ["replicas": 1],
        ])
    }

    static func pod(_ name: String, of replicaSet: String, namespace: String = "payments", labels: [String: String],
                    restarts: Int, waiting: String?) -> Object {
        var state: [String: Any] = ["running": ["startedAt": "2026-11-30T10:00:00Z"]]
        if let waiting { state = ["waiting": ["reason": waiting, "message": "back-off restarting failed container"]] }
        return Object(labels: labels, json: [
            "metadata": ["name": name, "namespace": namespace, "labels": labels,
                         "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": replicaSet, "controller": true]]],
            "status": ["phase": "Running", "containerStatuses": [["name": "app", "ready": waiting == nil, "restartCount": restarts, "state": state]]],
        ])
    }
}

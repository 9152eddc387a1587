import Foundation
import PorticoCore

/// Lists an entity's objects through the cluster's REST API, through the guarded outbound
/// client: every kind in every namespace, filtered by the entity's label selector, page by page
/// (`limit` and `continue`), all of it before one deadline.
struct KubernetesLister: Sendable {
    let outbound: any OutboundHTTP

    static let pageSize = 500
    static let maximumPages = 200

    /// Why a listing stopped, in words the tenant can act on (shown as the cluster's last error).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Everything but unreserved characters escaped: selectors hold `=`, `,`, `!` and spaces.
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? ""
    }

    static let paths = (
        deployments: "/apis/apps/v1/deployments", statefulSets: "/apis/apps/v1/statefulsets",
        replicaSets: "/apis/apps/v1/replicasets", pods: "/api/v1/pods")

    func lists(_ cluster: ClusterAccess, selector: String, until deadline: ContinuousClock.Instant) async throws -> KubernetesObjects.EntityLists {
        var lists = KubernetesObjects.EntityLists()
        lists.deployments = try await all(Self.paths.deployments, cluster, selector: selector, until: deadline)
        lists.statefulSets = try await all(Self.paths.statefulSets, cluster, selector: selector, until: deadline)
        lists.replicaSets = try await all(Self.paths.replicaSets, cluster, selector: selector, until: deadline)
        lists.pods = try await all(Self.paths.pods, cluster, selector: selector, until: deadline)
        return lists
    }

    private func all<Item: Codable & Sendable>(
        _ path: String, _ cluster: ClusterAccess, selector: String, until deadline: ContinuousClock.Instant
    ) async throws -> [Item] {
        var items: [Item] = []
        var next: String?
        for _ in 0..<Self.maximumPages {
            let page: KubernetesObjects.List<Item> = try await self.page(path, cluster, selector: selector, continuing: next, until: deadline)
            items += page.items
            guard let token = page.metadata?.continue, !token.isEmpty else { return items }
            next = token
        }
        throw Failure(description: "\(path) has more than \(Self.maximumPages) pages of \(Self.pageSize) for one entity")
    }

    private func page<Item>(
        _ path: String, _ cluster: ClusterAccess, selector: String, continuing: String?, until deadline: ContinuousClock.Instant
    ) async throws -> KubernetesObjects.List<Item> {
        var query = "labelSelector=\(Self.encoded(selector))&limit=\(Self.pageSize)"
        if let continuing { query += "&continue=\(Self.encoded(continuing))" }
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero, let url = URL(string: cluster.apiURL.absoluteString.trimmingSuffix("/") + path + "?" + query) else {
            throw Failure(description: "listing the cluster took longer than its deadline")
        }
        let response: OutboundResponse
        do {
            response = try await outbound.send(OutboundRequest(
                url: url, headers: [("Authorization", "Bearer \(cluster.token)"), ("Accept", "application/json")],
                deadline: remaining, maximumResponseBytes: 32 << 20, maximumRedirects: 0, certificateAuthority: cluster.certificateAuthority))
        } catch {
            throw Failure(description: error.reason == .deadlineExceeded
                ? "listing the cluster took longer than its deadline" : "the cluster API could not be reached: \(error.description)")
        }
        switch response.status {
        case 200:
            do {
                return try JSONDecoder().decode(KubernetesObjects.List<Item>.self, from: Data(response.body))
            } catch {
                throw Failure(description: "\(path) did not answer a Kubernetes list")
            }
        case 401:
            throw Failure(description: "the cluster refused the token (401): register the cluster again with a valid service-account token")
        case 403:
            throw Failure(description: "the service account may not list \(path) (403): grant it get/list/watch")
        case 410:
            throw Failure(description: "the cluster's continue token expired (410) while listing \(path)")
        default:
            throw Failure(description: "\(path) answered \(response.status)")
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

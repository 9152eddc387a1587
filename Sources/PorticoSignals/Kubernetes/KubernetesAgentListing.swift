import Foundation
import PorticoCore

/// What `portico agent kubernetes` does inside a cluster Portico cannot reach: lists each
/// entity's objects with its selector (the same lister the workers use) and makes the body of
/// `POST /api/signals/clusters/{name}/workloads`.
public struct KubernetesAgentListing: Sendable {
    let lister: KubernetesLister
    let access: ClusterAccess
    let deadline: Duration

    /// - Parameter certificateAuthority: the cluster's CA (PEM), e.g. the service account's `ca.crt`.
    public init(apiURL: URL, token: String, certificateAuthority: String? = nil, outbound: any OutboundHTTP, deadline: Duration) {
        lister = KubernetesLister(outbound: outbound)
        access = ClusterAccess(id: UUID(), name: "agent", apiURL: apiURL, certificateAuthority: certificateAuthority, token: token)
        self.deadline = deadline
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// - Parameter selectors: entity ref → label selector, as `GET .../selectors` gives them.
    public func pushBody(selectors: [String: String]) async throws -> Data {
        let until = ContinuousClock.now + deadline
        var entities: [String: KubernetesObjects.EntityLists] = [:]
        do {
            for (entity, selector) in selectors.sorted(by: { $0.key < $1.key }) {
                entities[entity] = try await lister.lists(access, selector: selector, until: until)
            }
        } catch let failure as KubernetesLister.Failure {
            throw Failure(description: failure.description)
        }
        return try JSONEncoder().encode(["entities": entities])
    }
}

import Foundation

/// The parts of Kubernetes list responses (`DeploymentList`, `StatefulSetList`, `ReplicaSetList`,
/// `PodList`) that workload health needs; the rest of each object is ignored.
enum KubernetesObjects {
    struct List<Item: Codable & Sendable>: Codable, Sendable {
        struct Metadata: Codable, Sendable {
            let `continue`: String?
        }

        let items: [Item]
        let metadata: Metadata?
    }

    struct ObjectMeta: Codable, Sendable {
        struct Owner: Codable, Sendable {
            let kind: String
            let name: String
        }

        let name: String
        let namespace: String?
        let ownerReferences: [Owner]?
    }

    struct Container: Codable, Sendable {
        let image: String?
    }

    struct PodTemplate: Codable, Sendable {
        struct Spec: Codable, Sendable { let containers: [Container] }
        let spec: Spec?
    }

    /// A Deployment, StatefulSet or ReplicaSet: the same fields matter for each.
    struct ReplicatedWorkload: Codable, Sendable {
        struct Spec: Codable, Sendable {
            let replicas: Int?
            let template: PodTemplate?
        }
        struct Status: Codable, Sendable {
            let replicas: Int?
            let readyReplicas: Int?
            let availableReplicas: Int?
        }

        let metadata: ObjectMeta
        let spec: Spec?
        let status: Status?
    }

    struct Pod: Codable, Sendable {
        struct Status: Codable, Sendable {
            struct ContainerStatus: Codable, Sendable {
                struct State: Codable, Sendable {
                    struct Waiting: Codable, Sendable { let reason: String? }
                    let waiting: Waiting?
                }
                let restartCount: Int?
                let state: State?
            }
            let containerStatuses: [ContainerStatus]?
        }

        let metadata: ObjectMeta
        let status: Status?
    }

    /// Every list of one entity's objects in one cluster.
    struct EntityLists: Codable, Sendable {
        var deployments: [ReplicatedWorkload] = []
        var statefulSets: [ReplicatedWorkload] = []
        var replicaSets: [ReplicatedWorkload] = []
        var pods: [Pod] = []

        init() {}

        private enum CodingKeys: String, CodingKey { case deployments, statefulSets, replicaSets, pods }

        /// A kind the agent found nothing of may be left out.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            deployments = try container.decodeIfPresent([ReplicatedWorkload].self, forKey: .deployments) ?? []
            statefulSets = try container.decodeIfPresent([ReplicatedWorkload].self, forKey: .statefulSets) ?? []
            replicaSets = try container.decodeIfPresent([ReplicatedWorkload].self, forKey: .replicaSets) ?? []
            pods = try container.decodeIfPresent([Pod].self, forKey: .pods) ?? []
        }
    }
}

import Foundation

/// Turns one entity's lists into its workloads: each Deployment and StatefulSet with the
/// restarts and waiting reasons of its pods (a Deployment's pods belong to its ReplicaSets).
enum WorkloadHealth {
    /// Waiting reasons that are trouble, not a pod on its way up.
    static let troubleReasons: Set<String> = [
        "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "InvalidImageName", "RunContainerError",
    ]

    static func workloads(_ lists: KubernetesObjects.EntityLists, entityRef: String, cluster: String, observedAt: Date) -> [WorkloadView] {
        // ReplicaSet (namespace/name) → its Deployment's name.
        var deploymentOfReplicaSet: [String: String] = [:]
        for replicaSet in lists.replicaSets {
            if let owner = replicaSet.metadata.ownerReferences?.first(where: { $0.kind == "Deployment" }) {
                deploymentOfReplicaSet[key(replicaSet.metadata.namespace, replicaSet.metadata.name)] = owner.name
            }
        }
        // Workload (kind/namespace/name) → (restarts, reasons) of its pods.
        var pods: [String: (restarts: Int, reasons: Set<String>)] = [:]
        for pod in lists.pods {
            let namespace = pod.metadata.namespace
            guard let owner = pod.metadata.ownerReferences?.first else { continue }
            let workload: String
            switch owner.kind {
            case "ReplicaSet":
                guard let deployment = deploymentOfReplicaSet[key(namespace, owner.name)] else { continue }
                workload = "Deployment/" + key(namespace, deployment)
            case "StatefulSet":
                workload = "StatefulSet/" + key(namespace, owner.name)
            default:
                continue
            }
            for status in pod.status?.containerStatuses ?? [] {
                pods[workload, default: (0, [])].restarts += status.restartCount ?? 0
                if let reason = status.state?.waiting?.reason, troubleReasons.contains(reason) {
                    pods[workload, default: (0, [])].reasons.insert(reason)
                }
            }
        }
        let replicated = lists.deployments.map { ("Deployment", $0) } + lists.statefulSets.map { ("StatefulSet", $0) }
        return replicated.map { kind, object in
            let namespace = object.metadata.namespace ?? "default"
            let desired = object.spec?.replicas ?? 1
            let available = object.status?.availableReplicas ?? object.status?.readyReplicas ?? 0
            let observed = pods["\(kind)/" + key(object.metadata.namespace, object.metadata.name)] ?? (0, [])
            var problems = observed.reasons.sorted()
            if available < desired { problems.append("unavailable") }
            return WorkloadView(
                entityRef: entityRef, cluster: cluster, namespace: namespace, kind: kind, name: object.metadata.name,
                desiredReplicas: desired, readyReplicas: object.status?.readyReplicas ?? 0, availableReplicas: available,
                restarts: observed.restarts,
                images: Array(Set(object.spec?.template?.spec?.containers.compactMap(\.image) ?? [])).sorted(),
                problems: problems, observedAt: observedAt)
        }
        .sorted { ($0.namespace, $0.kind, $0.name) < ($1.namespace, $1.kind, $1.name) }
    }

    private static func key(_ namespace: String?, _ name: String) -> String { "\(namespace ?? "default")/\(name)" }
}

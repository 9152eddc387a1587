import Foundation

/// A Deployment or StatefulSet of an entity as last listed, with its pods' trouble: what a
/// `workload` row holds and the entity view shows.
struct WorkloadView: Codable, Sendable, Equatable {
    let entityRef: String
    let cluster: String
    let namespace: String
    let kind: String
    let name: String
    let desiredReplicas: Int
    let readyReplicas: Int
    let availableReplicas: Int
    let restarts: Int
    let images: [String]
    /// Waiting reasons of its pods (`CrashLoopBackOff`, `ImagePullBackOff`) and `unavailable`
    /// when fewer replicas are available than desired.
    let problems: [String]
    let observedAt: Date

    var healthy: Bool { problems.isEmpty }

    var isCrashLooping: Bool { problems.contains { WorkloadHealth.troubleReasons.contains($0) } }


    private enum CodingKeys: String, CodingKey {
        case entityRef, cluster, namespace, kind, name, desiredReplicas, readyReplicas, availableReplicas, restarts, images, problems, observedAt, healthy
    }

    init(entityRef: String, cluster: String, namespace: String, kind: String, name: String, desiredReplicas: Int, readyReplicas: Int,
         availableReplicas: Int, restarts: Int, images: [String], problems: [String], observedAt: Date) {
        self.entityRef = entityRef
        self.cluster = cluster
        self.namespace = namespace
        self.kind = kind
        self.name = name
        self.desiredReplicas = desiredReplicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.restarts = restarts
        self.images = images
        self.problems = problems
        self.observedAt = observedAt
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            entityRef: try container.decode(String.self, forKey: .entityRef), cluster: try container.decode(String.self, forKey: .cluster),
            namespace: try container.decode(String.self, forKey: .namespace), kind: try container.decode(String.self, forKey: .kind),
            name: try container.decode(String.self, forKey: .name), desiredReplicas: try container.decode(Int.self, forKey: .desiredReplicas),
            readyReplicas: try container.decode(Int.self, forKey: .readyReplicas),
            availableReplicas: try container.decode(Int.self, forKey: .availableReplicas),
            restarts: try container.decode(Int.self, forKey: .restarts), images: try container.decode([String].self, forKey: .images),
            problems: try container.decode([String].self, forKey: .problems), observedAt: try container.decode(Date.self, forKey: .observedAt))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entityRef, forKey: .entityRef)
        try container.encode(cluster, forKey: .cluster)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(desiredReplicas, forKey: .desiredReplicas)
        try container.encode(readyReplicas, forKey: .readyReplicas)
        try container.encode(availableReplicas, forKey: .availableReplicas)
        try container.encode(restarts, forKey: .restarts)
        try container.encode(images, forKey: .images)
        try container.encode(problems, forKey: .problems)
        try container.encode(observedAt, forKey: .observedAt)
        try container.encode(healthy, forKey: .healthy)
    }
}

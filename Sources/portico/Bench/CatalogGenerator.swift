import Foundation
import PorticoCatalog
import PorticoCore

/// A realistic organisation for benchmarks: domains, systems, a group tree, users with
/// memberships, components that provide and consume APIs and depend on resources and each other.
struct CatalogGenerator {
    let total: Int
    let prefix: String

    struct Shape {
        let domains, systems, groups, users, apis, resources, components: Int
    }

    var shape: Shape {
        let domains = max(1, total / 2000)
        let systems = max(1, total / 100)
        let groups = max(1, total / 100)
        let users = max(1, total * 15 / 100)
        let apis = max(1, total * 15 / 100)
        let resources = max(1, total / 10)
        let components = max(1, total - domains - systems - groups - users - apis - resources)
        return Shape(domains: domains, systems: systems, groups: groups, users: users, apis: apis, resources: resources, components: components)
    }

    func name(_ kind: String, _ index: Int) -> String { "\(prefix)\(kind)-\(index)" }

    func entities() -> [JSONValue] {
        let shape = self.shape
        var random = SeededRandom(seed: UInt64(total))
        var result: [JSONValue] = []
        result.reserveCapacity(total)
        func entity(_ kind: String, _ name: String, spec: [String: JSONValue], tags: [String] = [], description: String? = nil) -> JSONValue {
            var metadata: [String: JSONValue] = ["name": .string(name)]
            if !tags.isEmpty { metadata["tags"] = .array(tags.map(JSONValue.string)) }
            if let description { metadata["description"] = .string(description) }
            return .object(["apiVersion": "backstage.io/v1alpha1", "kind": .string(kind), "metadata": .object(metadata), "spec": .object(spec)])
        }
        func group(_ random: inout SeededRandom) -> JSONValue { .string(name("group", random.next(shape.groups))) }
        for index in 0..<shape.domains {
            result.append(entity("Domain", name("domain", index), spec: ["owner": .string(name("group", index % shape.groups))]))
        }
        for index in 0..<shape.groups {
            var spec: [String: JSONValue] = ["type": "team", "children": .array([])]
            if index > 0 { spec["parent"] = .string(name("group", (index - 1) / 10)) }
            result.append(entity("Group", name("group", index), spec: spec))
        }
        for index in 0..<shape.users {
            result.append(entity("User", name("user", index), spec: ["memberOf": .array([group(&random), group(&random)])]))
        }
        for index in 0..<shape.systems {
            result.append(entity("System", name("system", index), spec: [
                "owner": group(&random), "domain": .string(name("domain", index % shape.domains)),
            ]))
        }
        let types = ["openapi", "grpc", "graphql", "asyncapi"]
        for index in 0..<shape.apis {
            result.append(entity("API", name("api", index), spec: [
                "type": .string(types[index % types.count]), "lifecycle": "production", "owner": group(&random),
                "system": .string(name("system", random.next(shape.systems))), "definition": "openapi: 3.0.0",
            ]))
        }
        let resourceTypes = ["database", "queue", "bucket", "cache"]
        for index in 0..<shape.resources {
            result.append(entity("Resource", name("resource", index), spec: [
                "type": .string(resourceTypes[index % resourceTypes.count]), "owner": group(&random),
                "system": .string(name("system", random.next(shape.systems))),
            ]))
        }
        let componentTypes = ["service", "service", "website", "library"]
        let lifecycles = ["production", "production", "experimental", "deprecated"]
        let languages = ["java", "go", "python", "typescript", "swift", "rust"]
        for index in 0..<shape.components {
            let name = self.name("component", index)
            result.append(entity("Component", name, spec: [
                "type": .string(componentTypes[index % componentTypes.count]),
                "lifecycle": .string(lifecycles[random.next(lifecycles.count)]),
                "owner": group(&random),
                "system": .string(self.name("system", random.next(shape.systems))),
                "providesApis": .array([.string(self.name("api", index % shape.apis))]),
                "consumesApis": .array([.string(self.name("api", random.next(shape.apis))), .string(self.name("api", random.next(shape.apis)))]),
                "dependsOn": .array([.string("resource:" + self.name("resource", random.next(shape.resources))),
                                     .string("component:" + self.name("component", random.next(shape.components)))]),
            ], tags: [languages[index % languages.count]], description: "The \(name) service of the bench organisation"))
        }
        return result
    }
}

/// Deterministic numbers, so every run builds the same organisation.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next(_ upperBound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(upperBound))
    }
}

import PorticoCore

/// A relation as an entity's spec declares it, from the entity to the target; the other direction
/// (`reverseType`, from the target back) is implied and read from the same stored row.
public struct Relation: Hashable, Sendable {
    public let source: EntityRef
    public let type: String
    public let target: EntityRef
    public let reverseType: String
}

/// The relation types and the spec fields that produce them, as Backstage's built-in processor
/// defines them. Every relation is readable both ways.
enum RelationRules {
    struct Rule {
        let kinds: Set<String>
        let field: String
        let defaultKind: String?
        let forward: String
        let reverse: String
    }

    static let rules: [Rule] = [
        Rule(kinds: ["component", "api", "resource", "system", "domain", "template"], field: "owner", defaultKind: "Group", forward: "ownedBy", reverse: "ownerOf"),
        Rule(kinds: ["component"], field: "subcomponentOf", defaultKind: "Component", forward: "subcomponentOf", reverse: "hasSubcomponent"),
        Rule(kinds: ["component"], field: "providesApis", defaultKind: "API", forward: "providesApi", reverse: "apiProvidedBy"),
        Rule(kinds: ["component"], field: "consumesApis", defaultKind: "API", forward: "consumesApi", reverse: "apiConsumedBy"),
        Rule(kinds: ["component", "resource"], field: "dependsOn", defaultKind: nil, forward: "dependsOn", reverse: "dependencyOf"),
        Rule(kinds: ["component", "resource"], field: "dependencyOf", defaultKind: nil, forward: "dependencyOf", reverse: "dependsOn"),
        Rule(kinds: ["component", "api", "resource"], field: "system", defaultKind: "System", forward: "partOf", reverse: "hasPart"),
        Rule(kinds: ["system"], field: "domain", defaultKind: "Domain", forward: "partOf", reverse: "hasPart"),
        Rule(kinds: ["domain"], field: "subdomainOf", defaultKind: "Domain", forward: "partOf", reverse: "hasPart"),
        Rule(kinds: ["group"], field: "parent", defaultKind: "Group", forward: "childOf", reverse: "parentOf"),
        Rule(kinds: ["group"], field: "children", defaultKind: "Group", forward: "parentOf", reverse: "childOf"),
        Rule(kinds: ["group"], field: "members", defaultKind: "User", forward: "hasMember", reverse: "memberOf"),
        Rule(kinds: ["user"], field: "memberOf", defaultKind: "Group", forward: "memberOf", reverse: "hasMember"),
    ]

    static let allTypes: Set<String> = Set(rules.flatMap { [$0.forward, $0.reverse] })

    /// Relation types whose every (source, target) pair comes from one stored row: no spec field
    /// declares the reverse type, so two entities cannot both declare the same pair. Their facet
    /// counts can be kept by counting rows (`ownedBy`, `partOf`, …; not `memberOf`, which both a
    /// user and a group may declare).
    static let singlyDeclaredTypes: Set<String> = {
        let forward = Set(rules.map(\.forward))
        let reverse = Dictionary(rules.map { ($0.forward, $0.reverse) }, uniquingKeysWith: { first, _ in first })
        return allTypes.filter { type in
            let inverse = reverse[type] ?? rules.first { $0.reverse == type }?.forward
            return !(forward.contains(type) && inverse.map(forward.contains) == true)
        }
    }()

    /// The relations an entity's spec declares (each with its reverse type). Invalid references
    /// are reported as problems (the entity is refused), as Backstage does.
    static func relations(of entity: Entity) throws(EntityProblem) -> [Relation] {
        let kind = entity.kind.lowercased()
        let source = entity.ref
        var relations: [Relation] = []
        for rule in rules where rule.kinds.contains(kind) {
            guard let value = entity.spec[rule.field] else { continue }
            let refs: [JSONValue] = value.arrayValue ?? [value]
            for (index, item) in refs.enumerated() {
                let field = value.arrayValue == nil ? "spec.\(rule.field)" : "spec.\(rule.field)[\(index)]"
                guard let text = item.stringValue else {
                    throw EntityProblem(field: field, message: "must be an entity reference string, not \(item.typeName)")
                }
                let target: EntityRef
                do {
                    target = try EntityRef(parsing: text, defaultKind: rule.defaultKind, defaultNamespace: source.namespace)
                } catch {
                    throw EntityProblem(field: field, message: error.description)
                }
                relations.append(Relation(source: source, type: rule.forward, target: target, reverseType: rule.reverse))
            }
        }
        return relations
    }
}

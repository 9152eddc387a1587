import PorticoCatalog
import PorticoCore

/// A flat catalog unlike the organisation of `CatalogGenerator`: only Components, of three types in
/// equal shares, each with three of 210 tags, a `tier` label of three values, two annotations every
/// entity has, and one of 300 owners. Its filters match a third or all of the catalog, where the
/// organisation's match a few per cent.
struct LabelledCatalogGenerator {
    let total: Int

    static let types = ["service", "website", "library"]
    static let tiers = ["1", "2", "3"]
    static let tags = 210
    static let owners = 300
    static let annotations = ["backstage.io/techdocs-ref", "github.com/project-slug"]

    func name(_ index: Int) -> String { "component-\(index)" }
    static func tag(_ index: Int) -> String { "tag-\(index)" }
    static func owner(_ index: Int) -> String { "team-\(index)" }

    func entities() -> [JSONValue] {
        var random = SeededRandom(seed: UInt64(total) &+ 1)
        return (0..<total).map { index in
            let name = self.name(index)
            // Three distinct tags per entity, each tag on about 1/70 of the catalog.
            let first = random.next(Self.tags / 3)
            let tags = (0..<3).map { JSONValue.string(Self.tag(first + $0 * Self.tags / 3)) }
            let metadata: [String: JSONValue] = [
                "name": .string(name),
                "tags": .array(tags),
                "labels": .object(["tier": .string(Self.tiers[random.next(Self.tiers.count)])]),
                "annotations": .object([
                    Self.annotations[0]: "dir:.",
                    Self.annotations[1]: .string("acme/\(name)"),
                ]),
            ]
            return .object([
                "apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": .object(metadata),
                "spec": .object([
                    "type": .string(Self.types[index % Self.types.count]),
                    "lifecycle": random.next(4) == 0 ? "experimental" : "production",
                    "owner": .string(Self.owner(random.next(Self.owners))),
                ]),
            ])
        }
    }
}

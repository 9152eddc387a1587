import Crypto
import Foundation
import PorticoCore

/// The `kind: Location` entity Backstage generates for a registered location
/// (`locationSpecToLocationEntity` in its catalog backend): named `generated-` and the SHA-1 hex of
/// `<type>:<target>`, in `default`, with the location as both its own and its origin location, and
/// `spec: {type, target}`. Backstage's processors emit no relation for a Location, so it has none;
/// the entities read from its target are its children (in `ancestry`) and belong to the same
/// location, so unregistering the location removes it and them together.
struct GeneratedLocationEntity {
    let type: String
    let target: String

    init(type: String, target: String) {
        self.type = type
        self.target = target
    }

    init(_ location: Location) {
        self.init(type: location.type, target: location.target)
    }

    /// `<type>:<target>`, Backstage's location reference.
    var locationRef: String { "\(type):\(target)" }

    var name: String { "generated-" + Insecure.SHA1.hash(data: Data(locationRef.utf8)).hexEncoded }

    var ref: EntityRef { EntityRef(kind: "Location", namespace: EntityRef.defaultNamespace, name: name) }

    var body: JSONValue {
        .object([
            "apiVersion": .string("backstage.io/v1alpha1"),
            "kind": .string("Location"),
            "metadata": .object([
                "name": .string(name),
                "namespace": .string(EntityRef.defaultNamespace),
                "annotations": .object([
                    LocationAnnotations.managedBy: .string(locationRef),
                    LocationAnnotations.origin: .string(locationRef),
                ]),
            ]),
            "spec": .object(["type": .string(type), "target": .string(target)]),
        ])
    }

    /// The entity validated and ready for the writer. A target the validator refuses is the
    /// caller's input problem.
    func processed() throws -> ProcessedEntity {
        do throws(EntityProblem) {
            return try ProcessedEntity(try EntityValidator.validate(body))
        } catch {
            throw PorticoError.validation("The location's entity would be invalid: \(error.field) \(error.message).", field: "target")
        }
    }
}

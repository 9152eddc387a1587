import Foundation
import PorticoCore

/// The annotations Backstage sets on every entity a location emits: the file it came from and
/// the registered location it was reached through. Ancestry walks back along them.
enum LocationAnnotations {
    static let managedBy = "backstage.io/managed-by-location"
    static let origin = "backstage.io/managed-by-origin-location"

    static func annotated(_ document: LocationReader.Document, origin: URL) -> JSONValue {
        guard case .object(var body) = document.value, case .object(var metadata)? = body["metadata"] else { return document.value }
        var annotations = metadata["annotations"]?.objectValue ?? [:]
        annotations[managedBy] = .string("url:" + document.url.absoluteString)
        annotations[Self.origin] = .string("url:" + origin.absoluteString)
        metadata["annotations"] = .object(annotations)
        body["metadata"] = .object(metadata)
        return .object(body)
    }

    /// The file URL of `url:<file>`.
    static func fileURL(_ annotation: String?) -> URL? {
        guard let annotation, annotation.hasPrefix("url:") else { return nil }
        return URL(string: String(annotation.dropFirst(4)))
    }
}

extension LocationReader.Result {
    /// The documents as entities, annotated with where they came from.
    func entities(origin: URL) -> [JSONValue] {
        documents.map { LocationAnnotations.annotated($0, origin: origin) }
    }
}

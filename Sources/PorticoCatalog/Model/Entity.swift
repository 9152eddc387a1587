import Crypto
import Foundation
import PorticoCore

/// A catalog entity: the descriptor as written (`apiVersion`, `kind`, `metadata`, `spec`, …), with
/// accessors for the fields Portico reasons about. Unknown fields are kept as they are.
public struct Entity: Sendable, Hashable {
    public var body: [String: JSONValue]

    public init(body: [String: JSONValue]) {
        self.body = body
    }

    public var apiVersion: String { body["apiVersion"]?.stringValue ?? "" }
    public var kind: String { body["kind"]?.stringValue ?? "" }
    public var metadata: [String: JSONValue] { body["metadata"]?.objectValue ?? [:] }
    public var spec: [String: JSONValue] { body["spec"]?.objectValue ?? [:] }
    public var name: String { metadata["name"]?.stringValue ?? "" }
    public var namespace: String { metadata["namespace"]?.stringValue ?? EntityRef.defaultNamespace }
    public var ref: EntityRef { EntityRef(kind: kind, namespace: namespace, name: name) }


    mutating func setMetadata(_ key: String, _ value: JSONValue?) {
        var metadata = self.metadata
        metadata[key] = value
        body["metadata"] = .object(metadata)
    }

    /// The descriptor as its author wrote it: without server-set fields, for change detection.
    var authoredContent: [String: JSONValue] {
        var content = body
        content["relations"] = nil
        content["status"] = nil
        var metadata = self.metadata
        for key in ["uid", "etag", "generation"] { metadata[key] = nil }
        content["metadata"] = .object(metadata)
        return content
    }

    /// A stable hash of the authored content: unchanged sources cost no write.
    var contentHash: String {
        var bytes: [UInt8] = []
        JSONValue.object(authoredContent).appendCanonical(to: &bytes)
        return SHA256.hash(data: bytes).prefix(16).hexEncoded
    }
}

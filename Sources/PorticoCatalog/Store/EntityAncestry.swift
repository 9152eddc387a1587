import Foundation
import PorticoCore
import PostgresNIO

/// `GET /entities/by-name/…/ancestry`: the entity, then the Location entities that led to it,
/// each with its parent. An entity's parent is the Location entity of the same source whose
/// `targets` name the file the entity came from (`backstage.io/managed-by-location`), the
/// registered location's generated Location entity first (it is the root, as in Backstage);
/// entities pushed by providers have none.
extension EntityReader {
    struct AncestryItem {
        let ref: String
        let json: String
        let parentRef: String?
    }

    private struct Node {
        let key: String
        let ref: String
        let file: URL?
        let body: JSONValue
    }

    func ancestry(of key: String) async throws -> [AncestryItem]? {
        var start: (node: Node, source: String, location: UUID?)?
        for try await (ref, source, body, location) in try await connection.checkedQuery(
            "SELECT e.ref, e.source, e.body::text, e.location_id FROM entities e WHERE e.ref = \(key)", logger: logger)
            .decode((String, String, String, UUID?).self) {
            start = (try Self.node(ref, body: body), source, location)
        }
        guard let start else { return nil }
        var chain = [start.node]
        if start.node.file != nil {
            var root: String?
            if let id = start.location, let location = try await LocationRepository(connection: connection, logger: logger).find(id) {
                root = GeneratedLocationEntity(location).ref.key
            }
            let emitters = try await locationEntities(source: start.source, root: root)
            var visited: Set<String> = [start.node.key]
            while let file = chain.last?.file, let parent = emitters[file.absoluteString], visited.insert(parent.key).inserted {
                chain.append(parent)
            }
        }
        let json = try await byRefs(chain.map(\.key), fields: nil)
        return chain.enumerated().compactMap { index, node in
            json[node.key].map { AncestryItem(ref: node.ref, json: $0, parentRef: index + 1 < chain.count ? chain[index + 1].ref : nil) }
        }
    }

    /// The Location entities of one source by the file URLs they target (`root` first, then the
    /// first by ref wins).
    private func locationEntities(source: String, root: String?) async throws -> [String: Node] {
        var emitters: [String: Node] = [:]
        let rows = try await connection.checkedQuery("""
            SELECT e.ref, e.body::text FROM entities e WHERE e.source = \(source) AND e.kind = 'location'
            ORDER BY e.ref IS DISTINCT FROM \(root), e.ref
            """, logger: logger)
        for try await (ref, body) in rows.decode((String, String).self) {
            let node = try Self.node(ref, body: body)
            guard let file = node.file else { continue }
            for target in LocationReader.locationTargets(of: node.body, relativeTo: file) where emitters[target.absoluteString] == nil {
                emitters[target.absoluteString] = node
            }
        }
        return emitters
    }

    private static func node(_ key: String, body text: String) throws -> Node {
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let entity = Entity(body: body.objectValue ?? [:])
        let annotation = entity.metadata["annotations"]?[LocationAnnotations.managedBy]?.stringValue
        return Node(key: key, ref: entity.ref.description, file: LocationAnnotations.fileURL(annotation), body: body)
    }
}

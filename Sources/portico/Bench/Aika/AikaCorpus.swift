import Foundation
import PorticoCatalog
import PorticoCore

/// The evaluation corpus as read from its folder (see its README.md): the catalog's entities,
/// the pages with their manifest entries, and the questions.
struct AikaCorpus: Sendable {
    let entities: [JSONValue]
    let documents: [AikaDocument]
    let questions: [AikaQuestion]

    init(folder: URL) throws {
        entities = try Self.yaml(folder.appending(path: "catalog.yaml"))
        let manifest: [AikaDocument.Entry] = try Self.decoded(folder.appending(path: "documents.yaml"))
        documents = try manifest.map { entry in
            AikaDocument(entry: entry, body: try String(contentsOf: folder.appending(path: "docs/\(entry.id).md"), encoding: .utf8))
        }
        questions = try Self.decoded(folder.appending(path: "questions.yaml"))
    }

    /// Every YAML document of the file, as the catalog's own descriptor parser reads them.
    private static func yaml(_ file: URL) throws -> [JSONValue] {
        do {
            return try DescriptorParser.parseYAML(try String(contentsOf: file, encoding: .utf8))
        } catch let problem as DescriptorParser.Problem {
            throw BenchFailure("\(file.path): \(problem)")
        }
    }

    /// A file holding one YAML list, decoded through JSON.
    private static func decoded<Item: Decodable>(_ file: URL) throws -> [Item] {
        guard let list = try yaml(file).first else { throw BenchFailure("\(file.path) is empty") }
        do {
            return try JSONDecoder().decode([Item].self, from: try JSONEncoder().encode(list))
        } catch {
            throw BenchFailure("\(file.path): \(error)")
        }
    }
}

/// A page of the corpus, as pushed: the manifest's fields and the file's markdown.
struct AikaDocument: Sendable, Encodable {
    struct Entry: Decodable, Sendable {
        let id: String
        let title: String
        let url: String
        let entityRef: String?
    }

    let id: String
    let title: String
    let url: String?
    let entityRef: String?
    let body: String

    init(id: String, title: String, url: String?, entityRef: String?, body: String) {
        self.id = id
        self.title = title
        self.url = url
        self.entityRef = entityRef
        self.body = body
    }

    init(entry: Entry, body: String) {
        self.init(id: entry.id, title: entry.title, url: entry.url, entityRef: entry.entityRef, body: body)
    }
}

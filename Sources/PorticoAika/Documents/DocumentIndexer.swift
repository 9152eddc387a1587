import Foundation
import PorticoCore

/// Turns markdown into a knowledge source: chunked by headings (the heading path kept), each
/// passage bounded. Chunking happens before any write, so a document that cannot be chunked
/// (too many passages) is refused whole.
struct DocumentIndexer: Sendable {
    static let chunker = MarkdownChunker()

    static func source(
        id: String, origin: KnowledgeSource.Origin, provider: String?, version: String, title: String, url: String?,
        entityRef: String?, markdown: String
    ) throws -> KnowledgeSource {
        let chunks: [DocumentChunk]
        do {
            chunks = try chunker.chunks(title: title, markdown: markdown)
        } catch {
            throw PorticoError(
                status: 422, code: "document_too_large", title: "Document too large",
                detail: "'\(title)' \(error.description).", field: "body")
        }
        var passages = chunks.map { KnowledgeSource.Passage(heading: $0.headingPath.joined(separator: " > "), body: $0.text) }
        if passages.isEmpty { passages = [KnowledgeSource.Passage(heading: title, body: "")] }
        return KnowledgeSource(
            id: id, origin: origin, provider: provider, version: version, title: title, url: url, entityRef: entityRef,
            ownerRef: nil, names: "", relations: [], passages: passages)
    }

    static func source(of document: ValidDocument, provider: String?) throws -> KnowledgeSource {
        try source(
            id: KnowledgeSource.documentID(document.id), origin: .pushed, provider: provider, version: document.version(provider: provider),
            title: document.title, url: document.url, entityRef: document.entityRef, markdown: document.body)
    }
}

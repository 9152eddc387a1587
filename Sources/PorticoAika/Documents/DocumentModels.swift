import Foundation

/// `PUT /api/aika/providers/{provider}/documents`: the provider's whole set of documents.
struct ProviderDocumentSet: Decodable, Sendable {
    static let maximumDocuments = 500

    let documents: [PushedDocument]
}

/// What a document push did.
struct DocumentWriteOutcome: Encodable, Sendable {
    let id: String
    let passages: Int
    /// False when the document was already indexed as pushed.
    let changed: Bool
}

struct ProviderSetOutcome: Encodable, Sendable {
    let provider: String
    let documents: Int
    /// Passages of the pushed documents, changed or not.
    let passages: Int
    let changed: Int
    let deleted: Int
}

/// A document as the tenant reads it back.
struct DocumentSummary: Encodable, Sendable {
    let id: String
    let title: String
    let url: String?
    let entityRef: String?
    let owner: String?
    let provider: String?
    let origin: String
    let passages: Int
    let updatedAt: Date
}

struct DocumentList: Encodable, Sendable {
    let items: [DocumentSummary]
    /// Pass as `after` for the next page; absent on the last page.
    let next: String?
}

/// `GET /api/aika/techdocs`: every entity whose documentation workers fetch.
struct TechdocsStatusList: Encodable, Sendable {
    let items: [TechdocsStatus]
}

import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway

/// `/api/aika/documents` and `/api/aika/providers/{provider}/documents`: markdown knowledge
/// pushed by the tenant (`aika:admin` writes, `aika:ask` reads).
struct DocumentController: Sendable {
    static let documentBodyLimit = PushedDocument.maximumBodyBytes + (64 << 10)
    static let providerSetBodyLimit = 16 << 20

    let documents: DocumentService
    let knowledge: KnowledgeStore

    func addRoutes(to routes: GatewayRouter) {
        let write = RouteAccess.tenant(.aikaAdmin, entitlement: AikaModule.entitlement)
        let read = RouteAccess.tenant(.aikaAsk, entitlement: AikaModule.entitlement)
        routes.put("/api/aika/documents/{id}", write, bodyLimit: Self.documentBodyLimit) { request, context in
            let tenant = try context.tenantContext()
            let id = try Self.documentID(context)
            var pushed = try await request.decodeJSON(PushedDocument.self, context: context)
            if !pushed.id.isEmpty && pushed.id != id {
                throw PorticoError.validation("'id' in the body must match the path, or be left out.", field: "id")
            }
            pushed.id = id
            return try .json(try await documents.put(try pushed.validated(), for: tenant))
        }
        routes.delete("/api/aika/documents/{id}", write) { _, context in
            let id = try Self.documentID(context)
            guard try await documents.delete(id, for: try context.tenantContext().id) else {
                throw PorticoError.notFound("No document \(id) was found.")
            }
            return .noContent()
        }
        routes.get("/api/aika/documents/{id}", read) { _, context in
            let id = try Self.documentID(context)
            guard let found = try await documents.document(id, for: try context.tenantContext().id) else {
                throw PorticoError.notFound("No document \(id) was found.")
            }
            return try .json(found)
        }
        routes.get("/api/aika/documents", read) { request, context in
            let query = request.uri.queryParameters
            let limit = try query.integer("limit", default: 100, range: 1...1_000) ?? 100
            let after = query.get("after")
            if let after, after.count > 1_024 {
                throw PorticoError.invalidRequest("'after' must be the 'next' of a previous page.", field: "after")
            }
            return try .json(try await documents.list(after: after, limit: limit, for: try context.tenantContext().id))
        }
        routes.get("/api/aika/techdocs", read) { _, context in
            try .json(TechdocsStatusList(items: try await knowledge.techdocsStatus(for: try context.tenantContext().id)))
        }
        routes.put("/api/aika/providers/{provider}/documents", write, bodyLimit: Self.providerSetBodyLimit) { request, context in
            let tenant = try context.tenantContext()
            let provider = context.parameters.get("provider") ?? ""
            guard Self.isProviderName(provider) else {
                throw PorticoError.invalidRequest(
                    "The provider name must be 1-64 lowercase letters, digits, '-', '_' or '.'.", field: "provider")
            }
            let set = try await request.decodeJSON(ProviderDocumentSet.self, context: context)
            guard set.documents.count <= ProviderDocumentSet.maximumDocuments else {
                throw PorticoError.validation(
                    "A provider may push at most \(ProviderDocumentSet.maximumDocuments) documents at once.", field: "documents")
            }
            var seen = Set<String>()
            let valid = try set.documents.enumerated().map { index, document in
                let checked = try document.validated(field: "documents[\(index)].")
                guard seen.insert(checked.id).inserted else {
                    throw PorticoError.validation("Document id '\(checked.id)' appears twice.", field: "documents[\(index)].id")
                }
                return checked
            }
            return try .json(try await documents.replaceSet(valid, provider: provider, for: tenant))
        }
    }

    private static func documentID(_ context: PorticoRequestContext) throws -> String {
        let raw = context.parameters.get("id") ?? ""
        let id = raw.removingPercentEncoding ?? raw
        guard PushedDocument.isDocumentID(id) else {
            throw PorticoError.invalidRequest(
                "A document id is 1-\(PushedDocument.maximumIDCharacters) letters, digits, '.', '_', '-' or '~'.", field: "id")
        }
        return id
    }

    static func isProviderName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.lowercaseLetters.contains($0) || CharacterSet.decimalDigits.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}

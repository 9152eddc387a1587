import Foundation
import PorticoCore
import PorticoGateway

/// A markdown document a tenant pushes (`PUT /api/aika/documents/{id}`, or in a provider's full
/// set), checked before anything is written.
struct PushedDocument: Decodable, Sendable {
    static let maximumBodyBytes = 1 << 20
    static let maximumIDCharacters = 128

    var id: String
    let title: String
    let url: String?
    let entityRef: String?
    let body: String

    private enum CodingKeys: String, CodingKey, CaseIterable { case id, title, url, entityRef, body }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        title = try container.decode(String.self, forKey: .title)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        entityRef = try container.decodeIfPresent(String.self, forKey: .entityRef)
        body = try container.decode(String.self, forKey: .body)
    }

    /// The checked document; `field` prefixes the names of offending fields (`documents[3].`).
    func validated(field prefix: String = "") throws -> ValidDocument {
        guard Self.isDocumentID(id) else {
            throw PorticoError.validation(
                "'\(prefix)id' must be 1-\(Self.maximumIDCharacters) letters, digits, '.', '_', '-' or '~'.", field: prefix + "id")
        }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 300, !Self.hasControlCharacters(title) else {
            throw PorticoError.validation("'\(prefix)title' must be 1-300 characters without control characters.", field: prefix + "title")
        }
        if let url {
            guard url.count <= 2_048, let parsed = URL(string: url), parsed.scheme == "https" || parsed.scheme == "http", parsed.host != nil else {
                throw PorticoError.validation("'\(prefix)url' must be an http(s) URL.", field: prefix + "url")
            }
        }
        let ref = try entityRef.map { try Self.entityRef($0, field: prefix + "entityRef") }
        guard body.utf8.count <= Self.maximumBodyBytes else {
            throw PorticoError(
                status: 422, code: "document_too_large", title: "Document too large",
                detail: "'\(prefix)body' is \(body.utf8.count) bytes; a document may have at most \(Self.maximumBodyBytes).",
                field: prefix + "body")
        }
        guard !body.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw PorticoError.validation("'\(prefix)body' must not contain NUL characters.", field: prefix + "body")
        }
        return ValidDocument(id: id, title: title, url: url, entityRef: ref, body: body)
    }

    static func isDocumentID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= maximumIDCharacters
            && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-~".unicodeScalars.contains($0)) }
    }

    /// `kind:namespace/name`, lowercased; `kind:name` is in namespace `default`.
    static func entityRef(_ raw: String, field: String) throws -> String {
        let lowered = raw.lowercased()
        let parts = lowered.split(separator: ":", maxSplits: 1).map(String.init)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        func isName(_ text: Substring) -> Bool {
            !text.isEmpty && text.count <= 253 && text.unicodeScalars.allSatisfy { $0.isASCII && allowed.contains($0) }
        }
        guard parts.count == 2, isName(Substring(parts[0])) else {
            throw PorticoError.validation("'\(field)' must be an entity ref such as component:default/payments.", field: field)
        }
        let path = parts[1].split(separator: "/", omittingEmptySubsequences: false)
        switch path.count {
        case 1 where isName(path[0]): return "\(parts[0]):default/\(path[0])"
        case 2 where isName(path[0]) && isName(path[1]): return lowered
        default: throw PorticoError.validation("'\(field)' must be an entity ref such as component:default/payments.", field: field)
        }
    }

    private static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}

/// A pushed document that passed its checks.
struct ValidDocument: Sendable {
    let id: String
    let title: String
    let url: String?
    let entityRef: String?
    let body: String

    /// Changes with any field and with who pushed it, so an unchanged push costs no write and a
    /// document another provider takes over is rewritten as theirs.
    func version(provider: String?) -> String { ContentVersion.of([id, title, url ?? "", entityRef ?? "", body, provider ?? ""]) }
}

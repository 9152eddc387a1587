import Foundation
import PorticoCore
import PorticoGateway

/// `PUT /api/aika/settings`: a field left out keeps its value; `chat` or `embeddings` set to null
/// removes that endpoint. A stored API key is kept only while the endpoint's URL stays the same,
/// so changing the URL cannot send the old key somewhere new.
struct AikaSettingsRequest: Decodable, Sendable {
    struct Endpoint: Decodable, Sendable {
        let baseUrl: String
        let model: String
        /// Absent: keep the stored key (same URL only); null: no key.
        let apiKey: String??

        private enum CodingKeys: String, CodingKey, CaseIterable { case baseUrl, model, apiKey }

        init(from decoder: any Decoder) throws {
            try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
            let container = try decoder.container(keyedBy: CodingKeys.self)
            baseUrl = try container.decode(String.self, forKey: .baseUrl)
            model = try container.decode(String.self, forKey: .model)
            apiKey = container.contains(.apiKey) ? .some(try container.decodeIfPresent(String.self, forKey: .apiKey)) : .none
        }
    }

    static let staleAfterDays = 1...3_650
    static let maximumKeyCharacters = 4_096

    /// Absent: keep; `.some(nil)`: remove.
    let chat: Endpoint??
    let embeddings: Endpoint??
    let staleAfterDays: Int?

    private enum CodingKeys: String, CodingKey, CaseIterable { case chat, embeddings, staleAfterDays }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        chat = container.contains(.chat) ? .some(try container.decodeIfPresent(Endpoint.self, forKey: .chat)) : .none
        embeddings = container.contains(.embeddings) ? .some(try container.decodeIfPresent(Endpoint.self, forKey: .embeddings)) : .none
        if try container.contains(.staleAfterDays) && container.decodeNil(forKey: .staleAfterDays) {
            throw PorticoError.validation("'staleAfterDays' cannot be null; leave it out to keep it.", field: "staleAfterDays")
        }
        staleAfterDays = try container.decodeIfPresent(Int.self, forKey: .staleAfterDays)
    }

    func applied(to current: AikaTenantSettings, sealer: SecretSealer?, tenant: TenantID) throws -> AikaTenantSettings {
        var updated = current
        if let chat {
            updated.chat = try chat.map { try Self.endpoint($0, field: "chat", current: current.chat, sealer: sealer, tenant: tenant) }
        }
        if let embeddings {
            updated.embeddings = try embeddings.map {
                try Self.endpoint($0, field: "embeddings", current: current.embeddings, sealer: sealer, tenant: tenant)
            }
        }
        if let days = staleAfterDays {
            guard Self.staleAfterDays.contains(days) else {
                throw PorticoError.validation("'staleAfterDays' must be from 1 to 3650.", field: "staleAfterDays")
            }
            updated.staleAfterDays = days
        }
        return updated
    }

    private static func endpoint(
        _ requested: Endpoint, field: String, current: AikaTenantSettings.Endpoint?, sealer: SecretSealer?, tenant: TenantID
    ) throws -> AikaTenantSettings.Endpoint {
        guard requested.baseUrl.count <= 2_048, let url = URL(string: requested.baseUrl),
              url.scheme == "https" || url.scheme == "http", url.host?.isEmpty == false, url.user == nil, url.password == nil else {
            throw PorticoError.validation(
                "'\(field).baseUrl' must be an http(s) URL without credentials in it.", field: "\(field).baseUrl")
        }
        let model = requested.model.trimmingCharacters(in: .whitespaces)
        guard !model.isEmpty, model.count <= 200, !model.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw PorticoError.validation("'\(field).model' must name a model (1-200 characters).", field: "\(field).model")
        }
        let sealedKey: Data?
        switch requested.apiKey {
        case .none:
            sealedKey = current?.url == url ? current?.sealedKey : nil
        case .some(.none):
            sealedKey = nil
        case .some(.some(let key)):
            guard !key.isEmpty, key.count <= maximumKeyCharacters, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw PorticoError.validation(
                    "'\(field).apiKey' must be 1-\(maximumKeyCharacters) printable ASCII characters.", field: "\(field).apiKey")
            }
            guard let sealer else {
                throw PorticoError.conflict(
                    "key_storage_unavailable",
                    "This Portico installation cannot store model API keys (the operator has not set PORTICO_AIKA_KEY_ENCRYPTION_KEY).",
                    field: "\(field).apiKey")
            }
            sealedKey = try sealer.seal(key, for: tenant)
        }
        return AikaTenantSettings.Endpoint(url: url, model: model, sealedKey: sealedKey)
    }
}

import Foundation
import PorticoCore

/// One tenant's AiKA settings: its own model endpoints (keys still sealed) and how old a cited
/// document may get before it is reported stale.
struct AikaTenantSettings: Sendable, Equatable {
    struct Endpoint: Sendable, Equatable {
        let url: URL
        let model: String
        let sealedKey: Data?
    }

    var chat: Endpoint?
    var embeddings: Endpoint?
    var staleAfterDays: Int

    static let defaults = AikaTenantSettings(chat: nil, embeddings: nil, staleAfterDays: 180)

    /// What the tenant's admin reads back: never a key, only whether one is set.
    var view: AikaSettingsView {
        AikaSettingsView(
            chat: chat.map { AikaSettingsView.Endpoint(baseUrl: $0.url.absoluteString, model: $0.model, apiKeySet: $0.sealedKey != nil) },
            embeddings: embeddings.map { AikaSettingsView.Endpoint(baseUrl: $0.url.absoluteString, model: $0.model, apiKeySet: $0.sealedKey != nil) },
            staleAfterDays: staleAfterDays)
    }
}

struct AikaSettingsView: Codable, Sendable, Equatable {
    struct Endpoint: Codable, Sendable, Equatable {
        let baseUrl: String
        let model: String
        let apiKeySet: Bool
    }

    let chat: Endpoint?
    let embeddings: Endpoint?
    let staleAfterDays: Int
}

import Foundation
import PorticoCore
import PorticoSeam

/// What the operator configures for AiKA: how fresh knowledge is kept, the default model (none:
/// extractive answers), and the key that seals tenants' model keys at rest.
public struct AikaSettings: Sendable {
    /// How often each tenant's catalog is read for changed entities.
    public let catalogSyncPeriod: Duration
    /// How often documents fetched from `backstage.io/techdocs-ref` are fetched again.
    public let documentRefreshPeriod: Duration
    /// The longest a question waits for a model before the extractive answer is returned.
    public let modelDeadline: Duration
    /// Model calls a tenant may start per minute.
    public let modelCallsPerMinute: Int
    /// The operator's default chat endpoint; nil: answers are extractive unless a tenant sets one.
    public let defaultChat: ModelEndpoint?
    /// The operator's default embeddings endpoint; nil: lexical retrieval only.
    public let defaultEmbeddings: ModelEndpoint?
    /// Seals tenants' model API keys at rest; nil: tenants cannot store a key.
    public let keySealer: SecretSealer?
    /// How long questions, answers and feedback are kept.
    public let questionRetention: Duration

    public static let descriptions: [SettingDescription] = [
        .init(key: "catalogSyncSeconds", defaultValue: "20",
              meaning: "how often each tenant's changed catalog entities are re-indexed (5-50 s)"),
        .init(key: "documentRefreshMinutes", defaultValue: "360",
              meaning: "how often documents fetched from backstage.io/techdocs-ref are fetched again (5-10080 minutes)"),
        .init(key: "modelTimeoutSeconds", defaultValue: "20",
              meaning: "how long a question waits for a model before the extractive answer is returned (1-120 s)"),
        .init(key: "modelCallsPerMinute", defaultValue: "60",
              meaning: "model calls (chat and embeddings) one tenant may start per minute (1-100000)"),
        .init(key: "defaultModelUrl", defaultValue: "",
              meaning: "the operator's OpenAI-compatible chat endpoint (base URL ending before /v1); empty: extractive answers"),
        .init(key: "defaultModel", defaultValue: "",
              meaning: "the model name sent to the default chat endpoint"),
        .init(key: "defaultModelKey", defaultValue: "",
              meaning: "the API key sent to the default chat and embeddings endpoints (never logged)"),
        .init(key: "defaultEmbeddingsUrl", defaultValue: "",
              meaning: "the operator's OpenAI-compatible embeddings endpoint (base URL); empty: lexical retrieval only"),
        .init(key: "defaultEmbeddingsModel", defaultValue: "",
              meaning: "the model name sent to the default embeddings endpoint"),
        .init(key: "questionRetentionDays", defaultValue: "395",
              meaning: "how long questions, answers and feedback are kept for reports and gaps (1-3650 days)"),
        .init(key: "keyEncryptionKey", defaultValue: "",
              meaning: "32 bytes, base64: seals tenants' model API keys at rest (AES-GCM); empty: tenants cannot store a key"),
    ]

    static func read(_ reader: SettingsReader) -> AikaSettings {
        let sealer: SecretSealer? = reader.parse("keyEncryptionKey", placeholder: nil, secret: true) { raw in
            guard !raw.isEmpty else { return nil }
            guard let key = Data(base64Encoded: raw), key.count == 32 else {
                throw SettingsReader.Problem("must be 32 bytes in base64 (openssl rand -base64 32)")
            }
            return SecretSealer(key: key)
        }
        return AikaSettings(
            catalogSyncPeriod: .seconds(reader.integer("catalogSyncSeconds", in: 5...50)),
            documentRefreshPeriod: .seconds(60 * reader.integer("documentRefreshMinutes", in: 5...10_080)),
            modelDeadline: .seconds(reader.integer("modelTimeoutSeconds", in: 1...120)),
            modelCallsPerMinute: reader.integer("modelCallsPerMinute", in: 1...100_000),
            defaultChat: endpoint(reader, url: "defaultModelUrl", model: "defaultModel"),
            defaultEmbeddings: endpoint(reader, url: "defaultEmbeddingsUrl", model: "defaultEmbeddingsModel"),
            keySealer: sealer,
            questionRetention: .seconds(86_400 * reader.integer("questionRetentionDays", in: 1...3_650)))
    }

    private static func endpoint(_ reader: SettingsReader, url urlKey: String, model modelKey: String) -> ModelEndpoint? {
        let url: URL? = reader.parse(urlKey, placeholder: nil) { raw in
            guard !raw.isEmpty else { return nil }
            guard let url = URL(string: raw), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw SettingsReader.Problem("must be an http(s) URL")
            }
            return url
        }
        guard let url else { return nil }
        let model = reader.parse(modelKey, placeholder: "") { raw in
            guard !raw.isEmpty else { throw SettingsReader.Problem("must name a model when \(urlKey) is set") }
            return raw
        }
        let key = reader.parse("defaultModelKey", placeholder: "", secret: true) { $0 }
        return ModelEndpoint(baseURL: url, model: model, apiKey: key.isEmpty ? nil : key)
    }
}

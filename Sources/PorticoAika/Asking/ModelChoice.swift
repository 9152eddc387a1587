import PorticoCore

/// Which models serve a tenant: its own chat and embeddings endpoints when its admin set them,
/// else the operator's defaults, else none (extractive answers, lexical retrieval).
struct ModelChoice: Sendable {
    enum Choice: Sendable {
        case none
        /// `operatorConfigured`: the operator's default, reached with the operator's client.
        case endpoint(ModelEndpoint, operatorConfigured: Bool)
        /// Set but unusable (its sealed key does not open): the reason, for `modelProblem`.
        case unusable(String)
    }

    let tenantStore: AikaTenantStore
    let sealer: SecretSealer?
    let defaultChat: ModelEndpoint?
    let defaultEmbeddings: ModelEndpoint?

    func chat(for tenant: TenantID) async throws -> Choice {
        choice(try await tenantStore.settings(for: tenant).chat, orDefault: defaultChat, tenant: tenant, role: "chat")
    }

    func embeddings(for tenant: TenantID) async throws -> Choice {
        choice(try await tenantStore.settings(for: tenant).embeddings, orDefault: defaultEmbeddings, tenant: tenant, role: "embeddings")
    }

    private func choice(_ own: AikaTenantSettings.Endpoint?, orDefault fallback: ModelEndpoint?, tenant: TenantID, role: String) -> Choice {
        guard let own else { return fallback.map { .endpoint($0, operatorConfigured: true) } ?? .none }
        var key: String?
        if let sealed = own.sealedKey {
            guard let sealer, let opened = try? sealer.open(sealed, for: tenant) else {
                return .unusable("the stored API key of the tenant's \(role) endpoint cannot be opened; set it again")
            }
            key = opened
        }
        return .endpoint(ModelEndpoint(baseURL: own.url, model: own.model, apiKey: key), operatorConfigured: false)
    }
}

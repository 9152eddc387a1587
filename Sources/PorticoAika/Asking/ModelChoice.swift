import PorticoCore

/// Which chat model answers a tenant's questions: its own endpoint when its admin set one, else
/// the operator's default, else none (extractive answers).
struct ModelChoice: Sendable {
    enum Choice: Sendable {
        case none
        case endpoint(ModelEndpoint)
        /// Set but unusable (its sealed key does not open): the reason, for `modelProblem`.
        case unusable(String)
    }

    let tenantStore: AikaTenantStore
    let sealer: SecretSealer?
    let operatorDefault: ModelEndpoint?

    func chat(for tenant: TenantID) async throws -> Choice {
        guard let own = try await tenantStore.settings(for: tenant).chat else {
            return operatorDefault.map(Choice.endpoint) ?? .none
        }
        var key: String?
        if let sealed = own.sealedKey {
            guard let sealer, let opened = try? sealer.open(sealed, for: tenant) else {
                return .unusable("the stored API key of the tenant's chat endpoint cannot be opened; set it again")
            }
            key = opened
        }
        return .endpoint(ModelEndpoint(baseURL: own.url, model: own.model, apiKey: key))
    }
}

/// The model client for endpoints a tenant set (through the guarded client: a tenant's URL must
/// not reach the internal network) and the one for the operator's default endpoints (through the
/// operator's client, which may reach a model server on the private network).
struct ModelClients: Sendable {
    let tenantConfigured: ModelClient
    let operatorConfigured: ModelClient

    func client(operatorConfigured: Bool) -> ModelClient {
        operatorConfigured ? self.operatorConfigured : tenantConfigured
    }
}

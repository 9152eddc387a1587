import Logging
import PorticoCore

/// A question's vector from the tenant's embeddings endpoint, or nil: none configured, the
/// tenant's model calls used up, or no answer in time. Retrieval then stays lexical.
struct QuestionVectors: Sendable {
    let models: ModelChoice
    let clients: ModelClients
    let limiter: ModelCallLimiter
    let deadline: Duration
    let logger: Logger

    func vector(of question: String, for tenant: TenantID) async -> [Float]? {
        guard case .endpoint(let endpoint, let operatorConfigured)? = try? await models.embeddings(for: tenant), limiter.admit(tenant) else {
            return nil
        }
        do {
            return try await clients.client(operatorConfigured: operatorConfigured).embed([question], endpoint: endpoint, deadline: deadline).vectors.first
        } catch {
            logger.warning("aika question not embedded", metadata: ["tenant": "\(tenant)", "problem": "\(error)"])
            return nil
        }
    }
}

import Foundation
import PorticoCore

/// Asks an OpenAI-compatible endpoint for chat answers and embeddings. Endpoints are tenant-given
/// URLs, so every call goes through the guarded outbound client; the key goes to the endpoint's
/// origin only (the client drops it on a redirect anywhere else).
public struct ModelClient: Sendable {
    static let maximumChatBytes = 4 << 20
    static let maximumEmbeddingsBytes = 32 << 20

    let outbound: any OutboundHTTP

    public init(outbound: any OutboundHTTP) {
        self.outbound = outbound
    }

    /// A POST of `body` as JSON to `path` under the endpoint's `/v1`.
    func request(
        _ path: String, _ body: some Encodable, to endpoint: ModelEndpoint, deadline: Duration, maximumResponseBytes: Int
    ) throws(ModelFailure) -> OutboundRequest {
        let json: Data
        do {
            json = try OpenAIWire.encoder.encode(body)
        } catch {
            throw ModelFailure.invalidResponse("the request could not be written as JSON")
        }
        var headers = [(name: "Content-Type", value: "application/json")]
        if let key = endpoint.apiKey, !key.isEmpty { headers.append((name: "Authorization", value: "Bearer \(key)")) }
        return OutboundRequest(
            method: .post, url: endpoint.url(path), headers: headers, body: Array(json),
            deadline: deadline, maximumResponseBytes: maximumResponseBytes)
    }

    /// Sends `request` and decodes a 2xx answer as `Answer`.
    func answer<Answer: Decodable>(to request: OutboundRequest, from endpoint: ModelEndpoint) async throws(ModelFailure) -> Answer {
        let response: OutboundResponse
        do {
            response = try await outbound.send(request)
        } catch {
            throw ModelFailure(error)
        }
        guard (200..<300).contains(response.status) else {
            throw ModelFailure(status: response.status, body: response.body, redacting: endpoint.apiKey)
        }
        do {
            return try OpenAIWire.decoder.decode(Answer.self, from: Data(response.body))
        } catch {
            throw ModelFailure.invalidResponse("it is not the JSON of the OpenAI API")
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import PorticoCore
import PorticoGateway

/// `POST /api/aika/mcp`: MCP's Streamable HTTP transport, answering every POST with
/// `application/json` (one response, or an array for a batch) and never with a stream, so there
/// is no GET (the gateway answers it 405) and no `Mcp-Session-Id`.
///
/// What the body is, decides the status: 200 with the responses; 202 and no body when it held
/// only notifications or responses; 400 with a JSON-RPC error (id null) when it is not JSON
/// (-32700), not a message or batch, an empty or too large batch (-32600), or an
/// `MCP-Protocol-Version` this server does not speak. The gateway's own refusals (key, scope,
/// plan, body size, rate) stay problem+json, as on every route.
struct AikaMCPRoute: Sendable {
    static let path = "/api/aika/mcp"
    static let bodyLimit = 256 << 10
    /// Requests in a batch run one after another within one HTTP request: this bounds its length.
    static let maximumBatch = 20
    static let protocolVersionHeader = HTTPField.Name("MCP-Protocol-Version")!

    let server: MCPServer

    init(asking: AskService, search: PassageSearch, knowledge: KnowledgeStore, catalog: CatalogAnswerer) {
        server = MCPServer(tools: AikaMCPTools.all(asking: asking, search: search, knowledge: knowledge, catalog: catalog))
    }

    func addRoutes(to routes: GatewayRouter) {
        routes.post(Self.path, .tenant(.aikaAsk, entitlement: AikaModule.entitlement), bodyLimit: Self.bodyLimit) { request, context in
            let principal = try context.requireTenant()
            let body: JSONRPCBody
            switch try await Self.body(of: request, context: context) {
            case .success(let read): body = read
            case .failure(let error): return try .json(JSONRPCResponse(id: nil, outcome: .failure(error)), status: .badRequest)
            }
            let caller = MCPCaller(tenant: principal.context, askedBy: principal.keyID.uuidString.lowercased())
            let responses = try await server.respond(to: body.messages, caller: caller)
            guard !responses.isEmpty else { return Response(status: .accepted) }
            if case .batch = body { return try .json(responses) }
            return try .json(responses[0])
        }
    }

    /// The POST's messages, or the error that answers the whole POST. A body that is not JSON at
    /// all is refused like this too, rather than as problem+json: an MCP client reads JSON-RPC.
    static func body(of request: Request, context: PorticoRequestContext) async throws -> Result<JSONRPCBody, JSONRPCError> {
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw PorticoError.unsupportedMediaType("Send JSON-RPC messages as application/json, not \(contentType).")
        }
        if let version = request.headers[protocolVersionHeader], !MCPProtocol.supportedVersions.contains(version) {
            return .failure(.invalidRequest(
                "Unsupported MCP-Protocol-Version \(version); this server speaks \(MCPProtocol.supportedVersions.sorted().joined(separator: ", "))."))
        }
        let bytes = try await request.collectBody(context: context)
        let body: JSONRPCBody
        do {
            body = try JSONDecoder().decode(JSONRPCBody.self, from: Data(buffer: bytes))
        } catch {
            return .failure(.parseError("The body is not valid JSON."))
        }
        if case .batch(let messages) = body, !(1...maximumBatch).contains(messages.count) {
            return .failure(.invalidRequest("A batch must hold 1 to \(maximumBatch) messages."))
        }
        // A lone value that is no message at all (`null`, `3`) answers the whole POST.
        if case .single(.invalid(id: nil, let reason)) = body {
            return .failure(.invalidRequest(reason))
        }
        return .success(body)
    }
}

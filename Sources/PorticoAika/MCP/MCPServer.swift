import PorticoCore

/// MCP's methods over JSON-RPC, stateless: no session is kept, so `initialize` only negotiates
/// the version and every other request stands on its own (any replica can answer it).
/// Notifications and a client's responses are taken without an answer.
struct MCPServer: Sendable {
    let tools: [MCPTool]

    /// The answers to a POST's messages, in order; notifications and responses have none.
    func respond(to messages: [JSONRPCMessage], caller: MCPCaller) async throws -> [JSONRPCResponse] {
        var responses: [JSONRPCResponse] = []
        for message in messages {
            switch message {
            case .request(let id, let method, let params):
                do {
                    responses.append(JSONRPCResponse(id: id, outcome: .success(try await result(of: method, params: params, caller: caller))))
                } catch let error as JSONRPCError {
                    responses.append(JSONRPCResponse(id: id, outcome: .failure(error)))
                }
            case .invalid(let id, let reason):
                responses.append(JSONRPCResponse(id: id, outcome: .failure(.invalidRequest(reason))))
            case .notification, .response:
                continue
            }
        }
        return responses
    }

    private func result(of method: String, params: JSONValue?, caller: MCPCaller) async throws -> any Encodable & Sendable {
        let params = try Self.object(params)
        switch method {
        case "initialize":
            guard let requested = params["protocolVersion"]?.stringValue else {
                throw JSONRPCError.invalidParams("'protocolVersion' is required and must be a string.")
            }
            return MCPProtocol.InitializeResult(protocolVersion: MCPProtocol.negotiatedVersion(requested: requested))
        case "ping":
            return [String: String]()
        case "tools/list":
            // One page: the list is short and fixed, so `cursor` is ignored and there is no `nextCursor`.
            return ["tools": tools]
        case "tools/call":
            return try await callTool(params, caller: caller)
        default:
            throw JSONRPCError.methodNotFound(method)
        }
    }

    private func callTool(_ params: [String: JSONValue], caller: MCPCaller) async throws -> MCPToolResult {
        guard let name = params["name"]?.stringValue else {
            throw JSONRPCError.invalidParams("'name' is required and must be a string.")
        }
        guard let tool = tools.first(where: { $0.name == name }) else {
            throw JSONRPCError.invalidParams("Unknown tool: \(name).")
        }
        let arguments = try Self.object(params["arguments"], name: "arguments")
        do {
            return try await tool.run(try MCPToolArguments(arguments, allowed: tool.argumentNames), caller)
        } catch let error as PorticoError where error.status < 500 {
            return .failure(error.detail)
        }
    }

    /// Params (or a tool's arguments) as an object; absent or null is an empty one.
    private static func object(_ value: JSONValue?, name: String = "params") throws -> [String: JSONValue] {
        switch value {
        case nil, .null?: return [:]
        case .object(let object)?: return object
        case let other?: throw JSONRPCError.invalidParams("'\(name)' must be an object, not \(other.typeName).")
        }
    }
}

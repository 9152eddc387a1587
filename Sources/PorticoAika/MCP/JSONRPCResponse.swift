/// A JSON-RPC error object, with the standard codes this server uses.
struct JSONRPCError: Error, Sendable, Encodable, Equatable {
    let code: Int
    let message: String

    static func parseError(_ message: String) -> JSONRPCError { JSONRPCError(code: -32700, message: message) }
    static func invalidRequest(_ message: String) -> JSONRPCError { JSONRPCError(code: -32600, message: message) }
    static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: -32601, message: "Method not found: \(method).")
    }
    static func invalidParams(_ message: String) -> JSONRPCError { JSONRPCError(code: -32602, message: message) }
}

/// The answer to one request: its id (null only when the request's could not be read) and a
/// result or an error.
struct JSONRPCResponse: Sendable, Encodable {
    let id: JSONRPCID?
    let outcome: Result<any Encodable & Sendable, JSONRPCError>

    private enum Key: String, CodingKey {
        case jsonrpc, id, result, error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("2.0", forKey: .jsonrpc)
        if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
        switch outcome {
        case .success(let result): try container.encode(result, forKey: .result)
        case .failure(let error): try container.encode(error, forKey: .error)
        }
    }
}

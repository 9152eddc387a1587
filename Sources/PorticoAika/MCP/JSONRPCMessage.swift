import PorticoCore

/// One JSON-RPC 2.0 message a client sent. Reading one never fails: a message that is not valid
/// JSON-RPC becomes `.invalid`, so a batch answers it in its place and still runs the others.
enum JSONRPCMessage: Sendable, Decodable {
    case request(id: JSONRPCID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    /// A client's answer to a server request. This server sends none, so it is acknowledged and dropped.
    case response
    /// Not JSON-RPC; answered with -32600 and the id when one could be read.
    case invalid(id: JSONRPCID?, reason: String)

    private enum Key: String, CodingKey {
        case jsonrpc, id, method, params, result, error
    }

    init(from decoder: any Decoder) {
        guard let message = try? decoder.container(keyedBy: Key.self) else {
            self = .invalid(id: nil, reason: "A JSON-RPC message must be an object.")
            return
        }
        let id: JSONRPCID?
        if !message.contains(.id) {
            id = nil
        } else if let readable = try? message.decode(JSONRPCID.self, forKey: .id) {
            id = readable
        } else {
            self = .invalid(id: nil, reason: "'id' must be a string or an integer.")
            return
        }
        guard (try? message.decode(String.self, forKey: .jsonrpc)) == "2.0" else {
            self = .invalid(id: id, reason: "'jsonrpc' must be \"2.0\".")
            return
        }
        guard message.contains(.method) else {
            self = message.contains(.result) || message.contains(.error)
                ? .response : .invalid(id: id, reason: "A request must have a 'method'.")
            return
        }
        guard let method = try? message.decode(String.self, forKey: .method) else {
            self = .invalid(id: id, reason: "'method' must be a string.")
            return
        }
        let params = try? message.decodeIfPresent(JSONValue.self, forKey: .params)
        self = id.map { .request(id: $0, method: method, params: params) } ?? .notification(method: method, params: params)
    }
}

/// A POST body: one message or a batch of them (a batch is answered with an array, in order).
enum JSONRPCBody: Sendable, Decodable {
    case single(JSONRPCMessage)
    case batch([JSONRPCMessage])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let messages = try? container.decode([JSONRPCMessage].self) {
            self = .batch(messages)
        } else {
            self = .single(try container.decode(JSONRPCMessage.self))
        }
    }

    var messages: [JSONRPCMessage] {
        switch self {
        case .single(let message): [message]
        case .batch(let messages): messages
        }
    }
}

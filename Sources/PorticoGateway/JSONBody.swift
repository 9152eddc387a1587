import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import PorticoCore

extension Request {
    /// Reads the body (up to the route's limit) and decodes it, turning every way it can be wrong
    /// into a 4xx that names the problem and, where there is one, the field.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type, context: PorticoRequestContext) async throws -> Value {
        let buffer = try await collectJSONBody(context: context)
        do {
            return try JSONDecoder.portico.decode(Value.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw PorticoError(decoding: error)
        } catch let error as PorticoError {
            throw error
        } catch {
            throw PorticoError.malformedJSON("The request body is not valid JSON.")
        }
    }

    /// The bytes of a JSON body, for a route that reads them itself: the media type checked, the
    /// body collected (and gunzipped) within the route's limit, an empty one refused.
    public func collectJSONBody(context: PorticoRequestContext) async throws -> ByteBuffer {
        if let contentType = headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw PorticoError.unsupportedMediaType("Send the body as application/json, not \(contentType).")
        }
        let buffer = try await collectBody(context: context)
        guard buffer.readableBytes > 0 else { throw PorticoError.malformedJSON("The request body is empty; send a JSON object.") }
        return buffer
    }

    /// `decodeJSON` for a body the caller may leave out entirely (no body and no content type,
    /// or an empty one): nil then.
    public func decodeOptionalJSON<Value: Decodable>(_ type: Value.Type, context: PorticoRequestContext) async throws -> Value? {
        let length = headers[.contentLength].flatMap(Int.init)
        if length == 0 || (length == nil && headers[.contentType] == nil) { return nil }
        return try await decodeJSON(type, context: context)
    }

    /// The body, gunzipped when sent with `Content-Encoding: gzip`. The route's limit holds for the
    /// body as sent and as unpacked, so a small archive cannot unpack into a large one.
    public func collectBody(context: PorticoRequestContext) async throws -> ByteBuffer {
        var buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.bodyLimit)
        } catch {
            throw PorticoError.payloadTooLarge(limit: context.bodyLimit)
        }
        switch headers[.contentEncoding]?.lowercased() {
        case nil, "identity":
            return buffer
        case "gzip":
            // CompressNIO sizes its output from the input's size: with no input it would never stop growing.
            guard buffer.readableBytes > 0 else { return buffer }
            guard buffer.readableBytesView.starts(with: [0x1f, 0x8b]) else {
                throw PorticoError.malformedJSON("The body is not valid gzip.")
            }
            do {
                return try buffer.decompress(with: .gzip(), maxSize: context.bodyLimit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw PorticoError.payloadTooLarge(limit: context.bodyLimit)
            } catch {
                throw PorticoError.malformedJSON("The body is not valid gzip.")
            }
        case let encoding?:
            throw PorticoError.unsupportedMediaType("Send the body as it is or gzipped, not with Content-Encoding '\(encoding)'.")
        }
    }
}

// One of each serves every request (both are Sendable and keep nothing between calls): making one
// per response cost ~1 % of a busy server's CPU. Nothing may change their options.
extension JSONDecoder {
    public static let portico: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

extension JSONEncoder {
    public static let portico: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension PorticoError {
    public init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            self = .validation("'\(field)' is required.", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            self = .validation("'\(field)' must be \(Self.describe(type)).", field: field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            self = .validation("'\(field)' must be \(Self.describe(type)), not null.", field: field)
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self = .malformedJSON("The request body is not valid JSON: \(context.debugDescription)")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            self = .validation("'\(field)' \(context.debugDescription)", field: field)
        @unknown default:
            self = .malformedJSON("The request body could not be read.")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "a boolean"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

extension Response {
    /// A JSON response with Portico's encoder.
    public static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.portico.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    public static func noContent() -> Response { Response(status: .noContent) }
}

import Foundation
import Hummingbird
import NIOCore
import PorticoGateway

/// Responses assembled from entity JSON that PostgreSQL already rendered, so reads never decode
/// and re-encode entities.
enum CatalogJSON {
    static func response(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        .json(rendered: text, status: status)
    }

    static func string(_ value: String) -> String {
        let data = (try? JSONEncoder.portico.encode(value)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try JSONEncoder.portico.encode(value), as: UTF8.self)
    }
}

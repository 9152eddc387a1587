import Hummingbird
import NIOCore
import PorticoGateway

/// `GET /openapi.json`: the merged document, encoded once at start-up.
struct OpenAPIController: Sendable {
    let body: ByteBuffer

    /// Fragments that do not merge (two modules defining one path or schema) stop the server at
    /// start-up with the merge error, rather than let it serve half a contract.
    init(fragments: [OpenAPIFragment]) throws {
        body = ByteBuffer(bytes: try OpenAPIDocument(fragments: fragments).json)
    }

    func addRoutes(to routes: GatewayRouter) {
        let body = self.body
        routes.get("/openapi.json", .open) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
    }

    static let openAPI = OpenAPIFragment(owner: "openapi", parts: [#"""
        paths:
          /openapi.json:
            get:
              operationId: getOpenAPIDocument
              tags: [Operations]
              description: This document.
              security: []
              responses:
                '200':
                  description: The OpenAPI 3.1 document of every Portico route.
                  content:
                    application/json:
                      schema: {type: object, required: [openapi, info, paths], additionalProperties: {}}
        """#])
}

import Foundation
import HTTPTypes
import PorticoCatalog
import PorticoCore
import PorticoGateway
import PorticoProvisioning
import Testing
@testable import PorticoApp

@Suite struct OpenAPIDocumentTests {
    /// Walks the real application's router: every route is in the document with the security its
    /// access needs, and every documented operation has a route.
    @Test func everyRouteIsDocumentedAndEveryOperationHasARoute() async throws {
        let registered = Recorder<[RegisteredRoute]>()
        try await TestDatabase.withShared { runtime in
            try await LiveServer.with(runtime, addRoutes: { routes in registered.append(routes.registeredRoutes) }) { client in
                let served = try await client.call(.get, "/openapi.json")
                #expect(served.status == .ok)
                let check = try ContractCheck(documentJSON: served.body)
                let routes = registered.all.first ?? []
                #expect(routes.count > 40)
                for route in routes {
                    let name = "\(route.method.rawValue) \(route.template)"
                    guard let operation = check.operation(route.method.rawValue, route.template) else {
                        Issue.record("\(name) is not in the OpenAPI document")
                        continue
                    }
                    #expect(operation["security"] == Self.security(for: route.access), "\(name) documents the wrong security")
                }
                let routed = Set(routes.map { "\($0.method.rawValue) \($0.template)" })
                for (path, item) in check.document["paths"]?.objectValue ?? [:] {
                    for method in (item.objectValue ?? [:]).keys where Self.methods.contains(method) {
                        let name = "\(method.uppercased()) \(path)"
                        #expect(routed.contains(name), "\(name) is documented but has no route")
                    }
                }
            }
        }
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    static func security(for access: RouteAccess) -> JSONValue {
        switch access {
        case .open: .array([])
        case .tenant: .array([.object(["apiKey": .array([])])])
        case .operator: .array([.object(["operatorToken": .array([])])])
        }
    }

    @Test func everyReferenceResolves() throws {
        let document = try JSONDecoder().decode(JSONValue.self, from: try Self.document().json)
        var unresolved: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let object):
                if let reference = object["$ref"]?.stringValue {
                    let parts = reference.split(separator: "/").dropFirst().map(String.init)
                    if reference.first != "#" || parts.reduce(Optional(document), { $0?[$1] }) == nil { unresolved.append(reference) }
                }
                object.values.forEach(walk)
            case .array(let items):
                items.forEach(walk)
            default:
                break
            }
        }
        walk(document)
        #expect(unresolved.isEmpty, "unresolved: \(Set(unresolved).sorted())")
        #expect(document["openapi"] == .string("3.1.0"))
        #expect(document["components"]?["securitySchemes"]?["apiKey"]?["scheme"] == .string("bearer"))
    }

    @Test func aPathOrSchemaDefinedTwiceIsRefused() throws {
        #expect(throws: OpenAPIDocument.MergeError.self) {
            try OpenAPIDocument(fragments: [CatalogModule.openAPI, CatalogModule.openAPI])
        }
        let schemaTwice = OpenAPIFragment(owner: "other", parts: ["components: {schemas: {Entity: {type: object}}}"])
        #expect(throws: OpenAPIDocument.MergeError.self) { try OpenAPIDocument(fragments: [CatalogModule.openAPI, schemaTwice]) }
        let stray = OpenAPIFragment(owner: "other", parts: ["info: {title: x}"])
        #expect(throws: OpenAPIDocument.MergeError.self) { try OpenAPIDocument(fragments: [stray]) }
    }

    static func document() throws -> OpenAPIDocument {
        try OpenAPIDocument(fragments: [CatalogModule.openAPI, ProvisioningModule.openAPI, HealthController.openAPI])
    }
}

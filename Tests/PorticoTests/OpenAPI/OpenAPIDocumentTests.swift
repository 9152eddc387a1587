import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PorticoCatalog
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

@Suite struct ContractHookTests {
    /// The hook every `LiveServer` test runs under: the recorder sees each answer whole (also a
    /// streamed one), and an answer the document does not allow is a test issue.
    @Test func answersAreRecordedAndBreachesBecomeTestIssues() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            let recorder = ResponseRecorder()
            let app = PorticoServer.buildApplication(runtime: runtime, observer: recorder)
            try await app.test(.live) { client in
                #expect(try await client.call(.get, "/health/live").status == .ok)
                #expect(try await client.call(.get, "/api/catalog/entities", token: tenant.apiKey).status == .ok)
                let recorded = recorder.exchanges.map { "\($0.method) \($0.route) \($0.status) \(String(buffer: $0.body))" }
                #expect(recorded == [#"GET /health/live 200 {"status":"ok"}"#, "GET /api/catalog/entities 200 []"])
                try await ContractCheck.record(recorder.exchanges, servedBy: client)

                let wrong = RecordedExchange(method: "GET", route: "/health/live", status: 200, contentType: "application/json",
                                             body: ByteBuffer(string: #"{"status":"down"}"#))
                let undocumented = RecordedExchange(method: "GET", route: "/v1/nothing", status: 200, contentType: nil, body: ByteBuffer())
                try await withKnownIssue {
                    try await ContractCheck.record([wrong, undocumented], servedBy: client)
                } matching: { issue in
                    issue.description.contains("GET /health/live → 200: $.status: expected \"ok\"")
                        || issue.description.contains("GET /v1/nothing → 200: the route is not in the document")
                }
            }
        }
    }
}

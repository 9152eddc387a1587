import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PorticoAika
@testable import PorticoApp

/// AiKA's MCP server over real HTTP: the handshake, the four tools, JSON-RPC's errors and
/// batches, and the same access rules as the REST API.
@Suite struct AikaMCPTests {
    @Test func anAgentInitializesListsTheToolsAndCallsEachOfThem() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                var otherPayments = AikaCatalog.component("payments", owner: "checkout-team")
                otherPayments["metadata"] = ["name": "payments", "namespace": "other"]
                try await client.pushCatalog(AikaCatalog.payments + [otherPayments], token: tenant.apiKey)
                try await runtime.syncAikaCatalog(tenant.id)

                let initialized = try await client.mcp(
                    MCP.request("initialize", id: "init-1", params: [
                        "protocolVersion": "2025-03-26", "capabilities": [:], "clientInfo": ["name": "tests", "version": "1"],
                    ]), token: tenant.apiKey)
                #expect(initialized.status == .ok)
                #expect(initialized.headers[.contentType] == "application/json")
                #expect(initialized.json["id"] as? String == "init-1")
                let result = initialized.json["result"] as? [String: Any] ?? [:]
                #expect(result["protocolVersion"] as? String == "2025-03-26", "\(initialized.json)")
                #expect(((result["capabilities"] as? [String: Any])?["tools"] as? [String: Any])?["listChanged"] as? Bool == false)
                #expect((result["serverInfo"] as? [String: Any])?["name"] as? String == "portico-aika")
                let future = try await client.mcp(MCP.request("initialize", id: 2, params: ["protocolVersion": "2099-01-01"]), token: tenant.apiKey)
                #expect((future.json["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-06-18")

                let notified = try await client.mcp(MCP.notification("notifications/initialized"), token: tenant.apiKey)
                #expect(notified.status == .accepted)
                #expect(notified.body.readableBytes == 0)

                let pinged = try await client.mcp(MCP.request("ping", id: 3), token: tenant.apiKey, version: "2025-06-18")
                #expect(pinged.json["result"] as? [String: Any] != nil, "\(pinged.json)")

                let listed = try await client.mcp(MCP.request("tools/list", id: 4), token: tenant.apiKey, version: "2025-06-18")
                let tools = (listed.json["result"] as? [String: Any])?["tools"] as? [[String: Any]] ?? []
                #expect(Set(tools.compactMap { $0["name"] as? String }) == ["ask", "search_knowledge", "get_entity", "who_owns"])
                for tool in tools {
                    #expect((tool["inputSchema"] as? [String: Any])?["type"] as? String == "object", "\(tool)")
                    #expect((tool["description"] as? String)?.isEmpty == false, "\(tool)")
                }

                for entity in ["payments", "component:default/payments", "component:payments"] {
                    let owner = try await client.callTool("who_owns", ["entity": entity], token: tenant.apiKey)
                    #expect(owner.isError == false, "\(owner.result)")
                    #expect(owner.text.first?.contains("group:default/payments-team") == true, "\(owner.result)")
                    #expect(owner.structured["owners"] as? [String] == ["group:default/payments-team"], "\(owner.result)")
                }
                // A ref in another namespace is that entity, not the best match by name.
                let other = try await client.callTool("who_owns", ["entity": "component:other/payments"], token: tenant.apiKey)
                #expect(other.structured["owners"] as? [String] == ["group:other/checkout-team"], "\(other.result)")
                let wrongKind = try await client.callTool("who_owns", ["entity": "api:default/payments"], token: tenant.apiKey)
                #expect(wrongKind.isError, "\(wrongKind.result)")

                let entity = try await client.callTool("get_entity", ["ref": "component:default/payments"], token: tenant.apiKey)
                #expect(entity.isError == false, "\(entity.result)")
                #expect(entity.text.first?.contains("settles with the acquirer") == true, "\(entity.result)")
                let relations = entity.structured["relations"] as? [[String: String]] ?? []
                #expect(relations.contains(["type": "ownedBy", "target": "group:default/payments-team"]), "\(entity.result)")
                #expect(relations.contains(["type": "providesApi", "target": "api:default/payments-api"]), "\(entity.result)")
                let unknown = try await client.callTool("get_entity", ["ref": "component:default/no-such-thing"], token: tenant.apiKey)
                #expect(unknown.isError, "\(unknown.result)")
                #expect(unknown.text.first?.contains("component:default/no-such-thing") == true, "\(unknown.result)")

                let found = try await client.callTool("search_knowledge", ["query": "refund a captured payment", "limit": 3], token: tenant.apiKey)
                let items = found.structured["items"] as? [[String: Any]] ?? []
                #expect((1...3).contains(items.count), "\(found.result)")
                #expect(items.first?["entityRef"] as? String == "api:default/payments-api", "\(found.result)")
                for field in ["title", "url", "heading", "snippet"] { #expect(items.first?[field] != nil, "\(field): \(found.result)") }

                let asked = try await client.callTool("ask", ["question": "When does payments settle with the acquirer?"], token: tenant.apiKey)
                #expect(asked.isError == false, "\(asked.result)")
                #expect(asked.structured["answered"] as? Bool == true, "\(asked.result)")
                #expect(asked.text.count == 2)
                let citations = try JSONSerialization.jsonObject(with: Data((asked.text.last ?? "").utf8)) as? [[String: Any]] ?? []
                #expect(citations.first?["entityRef"] as? String == "component:default/payments", "\(asked.result)")
                // Logged as /ask logs it: the answer takes feedback.
                let answerID = try #require(asked.structured["answerId"] as? String)
                let feedback = try await client.call(.post, "/api/aika/answers/\(answerID)/feedback", token: tenant.apiKey, json: ["helpful": true])
                #expect(feedback.status == .noContent, "\(feedback.json)")
                let conversation = try #require(asked.structured["conversationId"] as? String)
                let followUp = try await client.callTool(
                    "ask", ["question": "and who owns it?", "conversationId": conversation], token: tenant.apiKey)
                #expect(followUp.structured["conversationId"] as? String == conversation, "\(followUp.result)")
                // Metered as /ask meters it: one question each.
                #expect(try await ModuleSeamTests.usage(of: tenant, meter: "aika.questions", runtime) == 2)
            }
        }
    }

    @Test func badToolInputIsAToolErrorNamingTheField() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let cases: [(String, [String: Any], String)] = [
                    ("ask", [:], "'question'"),
                    ("ask", ["question": "   "], "'question'"),
                    ("ask", ["question": String(repeating: "why ", count: 600)], "'question'"),
                    ("ask", ["question": "who owns payments?", "conversationId": "not-a-uuid"], "'conversationId'"),
                    ("ask", ["question": "who owns payments?", "conversationId": UUID().uuidString], "conversation"),
                    ("ask", ["question": "who owns payments?", "tone": "friendly"], "'tone'"),
                    ("search_knowledge", ["query": ""], "'query'"),
                    ("search_knowledge", ["query": "payments", "limit": 0], "'limit'"),
                    ("search_knowledge", ["query": "payments", "limit": 2.5], "'limit'"),
                    ("search_knowledge", ["query": 42], "'query'"),
                    ("get_entity", ["ref": "payments"], "'ref'"),
                    ("who_owns", [:], "'entity'"),
                    ("who_owns", ["entity": "a:b/c/d"], "'entity'"),
                    ("who_owns", ["entity": "pay\u{0}ments"], "'entity'"),
                    ("who_owns", ["entity": String(repeating: "x", count: 301)], "'entity'"),
                    ("get_entity", ["ref": "component:default/pay\u{0}ments"], "'ref'"),
                ]
                for (tool, arguments, named) in cases {
                    let called = try await client.callTool(tool, arguments, token: tenant.apiKey)
                    #expect(called.isError, "\(tool) \(arguments): \(called.result)")
                    #expect(called.text.first?.contains(named) == true, "\(tool) \(arguments): \(called.result)")
                }
            }
        }
    }

    @Test func protocolErrorsAndBatchesAreJSONRPC() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let unknown = try await client.mcp(MCP.request("resources/list", id: 9_007_199_254_740_993), token: tenant.apiKey)
                #expect(unknown.status == .ok)
                #expect(unknown.error?["code"] as? Int == -32601, "\(unknown.json)")
                #expect(String(buffer: unknown.body).contains(#""id":9007199254740993"#), "\(String(buffer: unknown.body))")

                let malformed = try await client.call(.post, "/api/aika/mcp", token: tenant.apiKey, rawBody: #"{"jsonrpc": "2.0", "id": 1, "#)
                #expect(malformed.status == .badRequest)
                #expect(malformed.error?["code"] as? Int == -32700, "\(malformed.json)")
                #expect(malformed.json["id"] is NSNull, "\(malformed.json)")

                let notAMessage = try await client.call(.post, "/api/aika/mcp", token: tenant.apiKey, rawBody: "null")
                #expect(notAMessage.status == .badRequest)
                #expect(notAMessage.error?["code"] as? Int == -32600, "\(notAMessage.json)")

                let emptyBatch = try await client.mcp([Any](), token: tenant.apiKey)
                #expect(emptyBatch.status == .badRequest)
                #expect(emptyBatch.error?["code"] as? Int == -32600, "\(emptyBatch.json)")

                let batch = try await client.mcp([
                    MCP.request("ping", id: 1),
                    MCP.notification("notifications/initialized"),
                    MCP.request("no/such/method", id: "two"),
                    ["jsonrpc": "1.0", "id": 3, "method": "ping"],
                    MCP.request("tools/call", id: 4, params: ["name": "no_such_tool"]),
                    MCP.request("tools/call", id: 5, params: ["name": "who_owns", "arguments": "payments"]),
                    MCP.request("initialize", id: 6, params: [:]),
                    ["jsonrpc": "2.0", "id": 7, "result": [:]],
                ], token: tenant.apiKey)
                #expect(batch.status == .ok)
                let responses = batch.array
                #expect(responses.map { "\($0["id"] ?? "")" } == ["1", "two", "3", "4", "5", "6"], "\(responses)")
                let codes = responses.map { ($0["error"] as? [String: Any])?["code"] as? Int }
                #expect(codes == [nil, -32601, -32600, -32602, -32602, -32602], "\(responses)")

                let onlyNotifications = try await client.mcp(
                    [MCP.notification("notifications/initialized"), MCP.notification("notifications/cancelled")], token: tenant.apiKey)
                #expect(onlyNotifications.status == .accepted)
                #expect(onlyNotifications.body.readableBytes == 0)

                let oldVersion = try await client.mcp(MCP.request("ping", id: 1), token: tenant.apiKey, version: "2024-01-01")
                #expect(oldVersion.status == .badRequest)
                #expect(oldVersion.error?["code"] as? Int == -32600, "\(oldVersion.json)")

                let streamed = try await client.call(.get, "/api/aika/mcp", token: tenant.apiKey)
                #expect(streamed.status == .methodNotAllowed)
            }
        }
    }

    @Test func theRESTAPIsKeysScopesAndPlansHold() async throws {
        try await TestDatabase.withShared { runtime in
            let owner = try await TestTenants.create(runtime, plan: "enterprise")
            let other = try await TestTenants.create(runtime, plan: "enterprise")
            let team = try await TestTenants.create(runtime, plan: "team")
            try await LiveServer.with(runtime) { client in
                try await client.pushCatalog(AikaCatalog.payments, token: owner.apiKey)
                try await runtime.syncAikaCatalog(owner.id)
                try await client.pushCatalog(
                    [AikaCatalog.group("ledger-team"), AikaCatalog.component("ledger", owner: "ledger-team", description: "Books every entry.")],
                    token: other.apiKey)
                try await runtime.syncAikaCatalog(other.id)

                let anonymous = try await client.mcp(MCP.request("ping", id: 1), token: nil)
                #expect(anonymous.status == .unauthorized)
                let catalogOnly = try await client.issueKey(scopes: ["catalog:read"], token: owner.apiKey)
                let unscoped = try await client.mcp(MCP.request("tools/list", id: 1), token: catalogOnly)
                #expect(unscoped.status == .forbidden)
                #expect(unscoped.code == "insufficient_scope", "\(unscoped.json)")
                let notInPlan = try await client.mcp(MCP.request("tools/list", id: 1), token: team.apiKey)
                #expect(notInPlan.status == .forbidden)
                #expect(notInPlan.code == "plugin_not_in_plan", "\(notInPlan.json)")

                let entity = try await client.callTool("get_entity", ["ref": "component:default/payments"], token: other.apiKey)
                #expect(entity.isError, "\(entity.result)")
                let owned = try await client.callTool("who_owns", ["entity": "payments"], token: other.apiKey)
                #expect(owned.isError, "\(owned.result)")
                let found = try await client.callTool("search_knowledge", ["query": "settles with the acquirer"], token: other.apiKey)
                #expect((found.structured["items"] as? [[String: Any]])?.isEmpty == true, "\(found.result)")
                let asked = try await client.callTool("ask", ["question": "Who owns payments?"], token: other.apiKey)
                #expect(!"\(asked.result)".contains("payments-team"), "\(asked.result)")
                let ownLedger = try await client.callTool("who_owns", ["entity": "ledger"], token: other.apiKey)
                #expect(ownLedger.structured["owners"] as? [String] == ["group:default/ledger-team"], "\(ownLedger.result)")
            }
        }
    }
}

/// JSON-RPC messages as a test writes them.
enum MCP {
    static func request(_ method: String, id: Any, params: [String: Any]? = nil) -> [String: Any] {
        var message: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method]
        if let params { message["params"] = params }
        return message
    }

    static func notification(_ method: String) -> [String: Any] {
        ["jsonrpc": "2.0", "method": method]
    }
}

/// A `tools/call` result, read.
struct MCPToolCall {
    let result: [String: Any]

    var isError: Bool { result["isError"] as? Bool ?? false }
    var text: [String] { (result["content"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String } }
    var structured: [String: Any] { result["structuredContent"] as? [String: Any] ?? [:] }
}

extension TestClientProtocol {
    func mcp(_ body: Any, token: String?, version: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let version { headers[HTTPField.Name("MCP-Protocol-Version")!] = version }
        return try await call(.post, "/api/aika/mcp", token: token, json: body, headers: headers)
    }

    func callTool(_ name: String, _ arguments: [String: Any], token: String,
                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> MCPToolCall {
        let id = UUID().uuidString
        let called = try await mcp(MCP.request("tools/call", id: id, params: ["name": name, "arguments": arguments]), token: token)
        #expect(called.status == .ok, "\(called.json)", sourceLocation: sourceLocation)
        #expect(called.json["id"] as? String == id, sourceLocation: sourceLocation)
        #expect(called.json["error"] == nil, "\(called.json)", sourceLocation: sourceLocation)
        return MCPToolCall(result: called.json["result"] as? [String: Any] ?? [:])
    }
}

extension TestResponse {
    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [[String: Any]] ?? []
    }

    var error: [String: Any]? { json["error"] as? [String: Any] }
}

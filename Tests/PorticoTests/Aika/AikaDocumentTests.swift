import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoAika
@testable import PorticoApp

@Suite struct AikaDocumentTests {
    @Test func aPushedDocumentIsChunkedByHeadingsAndCitedWhereItAnswers() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let put = try await client.putDocument(
                    "settlement", title: "Payments settlement", body: AikaDocuments.settlement, url: "https://docs.example/settlement",
                    token: tenant.apiKey)
                #expect(put.status == .ok, "\(put.json)")
                #expect(put.json["passages"] as? Int == 3)
                #expect(put.json["changed"] as? Bool == true)
                let again = try await client.putDocument(
                    "settlement", title: "Payments settlement", body: AikaDocuments.settlement, url: "https://docs.example/settlement",
                    token: tenant.apiKey)
                #expect(again.json["changed"] as? Bool == false)

                let asked = try await client.ask("How long does a chargeback freeze the disputed amount?", token: tenant.apiKey)
                #expect(asked.json["answered"] as? Bool == true, "\(asked.json)")
                let citation = (asked.json["citations"] as? [[String: Any]])?.first
                #expect(citation?["heading"] as? String == "Payments settlement > Chargebacks", "\(asked.json)")
                #expect(citation?["url"] as? String == "https://docs.example/settlement")
                #expect((citation?["snippet"] as? String)?.contains("45 days") == true, "\(asked.json)")

                let read = try await client.call(.get, "/api/aika/documents/settlement", token: tenant.apiKey)
                #expect(read.json["passages"] as? Int == 3, "\(read.json)")
                let deleted = try await client.call(.delete, "/api/aika/documents/settlement", token: tenant.apiKey)
                #expect(deleted.status == .noContent)
                let gone = try await client.ask("How long does a chargeback freeze the disputed amount?", token: tenant.apiKey)
                #expect(gone.json["answered"] as? Bool == false, "\(gone.json)")
                #expect((try await client.call(.delete, "/api/aika/documents/settlement", token: tenant.apiKey)).status == .notFound)
            }
        }
    }

    @Test func aProviderSetReplacesTheProvidersDocumentsInOneGo() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                func push(_ documents: [[String: Any]]) async throws -> TestResponse {
                    try await client.call(.put, "/api/aika/providers/handbook/documents", token: tenant.apiKey, json: ["documents": documents])
                }
                let first = try await push([
                    ["id": "settlement", "title": "Payments settlement", "body": AikaDocuments.settlement],
                    ["id": "on-call", "title": "On-call handbook", "body": AikaDocuments.onCall],
                ])
                #expect(first.status == .ok, "\(first.json)")
                #expect(first.json["changed"] as? Int == 2)
                let second = try await push([["id": "on-call", "title": "On-call handbook", "body": AikaDocuments.onCall]])
                #expect(second.json["changed"] as? Int == 0, "\(second.json)")
                #expect(second.json["deleted"] as? Int == 1, "\(second.json)")
                let listed = try await client.call(.get, "/api/aika/documents", token: tenant.apiKey)
                let ids = (listed.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                #expect(ids == ["on-call"], "\(listed.json)")

                // One bad document refuses the whole set: nothing changes.
                let bad = try await push([
                    ["id": "settlement", "title": "Payments settlement", "body": AikaDocuments.settlement],
                    ["id": "bad id!", "title": "x", "body": "y"],
                ])
                #expect(bad.status == .unprocessableContent, "\(bad.json)")
                #expect(bad.json["field"] as? String == "documents[1].id", "\(bad.json)")
                let after = try await client.call(.get, "/api/aika/documents", token: tenant.apiKey)
                #expect((after.json["items"] as? [[String: Any]])?.count == 1)
            }
        }
    }

    @Test func badDocumentsAreRefusedAndChangeNothing() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let huge = String(repeating: "word ", count: 230_000)
                let tooLarge = try await client.putDocument("huge", title: "Huge", body: huge, token: tenant.apiKey)
                #expect(tooLarge.status == .unprocessableContent || tooLarge.status == .contentTooLarge, "\(tooLarge.status)")
                let manyHeadings = (0..<2_500).map { "## Section \($0)\n\ntext \($0)" }.joined(separator: "\n\n")
                let tooManyPassages = try await client.putDocument("many", title: "Many", body: manyHeadings, token: tenant.apiKey)
                #expect(tooManyPassages.status == .unprocessableContent, "\(tooManyPassages.json)")
                #expect(tooManyPassages.json["code"] as? String == "document_too_large")
                let unknownField = try await client.call(
                    .put, "/api/aika/documents/x", token: tenant.apiKey, json: ["title": "x", "body": "y", "owner": "me"])
                #expect(unknownField.status == .unprocessableContent, "\(unknownField.json)")
                #expect(unknownField.json["field"] as? String == "owner")
                let wrongType = try await client.call(.put, "/api/aika/documents/x", token: tenant.apiKey, json: ["title": 3, "body": "y"])
                #expect(wrongType.status == .badRequest || wrongType.status == .unprocessableContent, "\(wrongType.json)")
                let badRef = try await client.putDocument("x", title: "x", body: "y", entityRef: "not a ref", token: tenant.apiKey)
                #expect(badRef.json["field"] as? String == "entityRef", "\(badRef.json)")
                let listed = try await client.call(.get, "/api/aika/documents", token: tenant.apiKey)
                #expect((listed.json["items"] as? [[String: Any]])?.isEmpty == true, "\(listed.json)")

                let hostile = """
                    # Partner notes
                    <script>alert('x')</script>
                    ## EDI
                    Partners send EDI 214 status messages every <b>fifteen</b> minutes.<iframe src="https://evil.example"></iframe>
                    """
                let stored = try await client.putDocument("partners", title: "Partner notes", body: hostile, token: tenant.apiKey)
                #expect(stored.status == .ok, "\(stored.json)")
                let found = try await client.call(.get, "/api/aika/search?q=EDI%20214%20status%20messages", token: tenant.apiKey)
                let snippet = (found.json["items"] as? [[String: Any]])?.first?["snippet"] as? String ?? ""
                #expect(snippet.contains("fifteen") && !snippet.contains("<") && !snippet.contains("alert"), "\(found.json)")
            }
        }
    }

    @Test func emptyAndOversizedQuestionsAreRefused() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            try await LiveServer.with(runtime) { client in
                let empty = try await client.ask("   ", token: tenant.apiKey)
                #expect(empty.status == .badRequest, "\(empty.json)")
                #expect(empty.json["field"] as? String == "question")
                let long = try await client.ask(String(repeating: "why ", count: 2_600), token: tenant.apiKey)
                #expect(long.status == .badRequest, "\(long.json)")
                let unknown = try await client.call(.post, "/api/aika/ask", token: tenant.apiKey, json: ["question": "hi", "mode": "x"])
                #expect(unknown.status == .unprocessableContent, "\(unknown.json)")
                let noConversation = try await client.ask("hi", conversation: UUID().uuidString, token: tenant.apiKey)
                #expect(noConversation.status == .notFound, "\(noConversation.json)")
                let operators = try await client.ask("'); DROP TABLE aika_passages; -- | & ! <-> :* \\", token: tenant.apiKey)
                #expect(operators.status == .ok, "\(operators.json)")
            }
        }
    }
}

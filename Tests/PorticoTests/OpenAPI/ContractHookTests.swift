import Foundation
import HummingbirdTesting
import NIOCore
import Testing
@testable import PorticoApp

@Suite struct ContractHookTests {
    /// The hook every `LiveServer` test runs under: the recorder sees each answer whole (also a
    /// streamed one), and an answer the document does not allow is a test issue.
    @Test func answersAreRecordedAndBreachesBecomeTestIssues() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            let recorder = ResponseRecorder()
            let app = try PorticoServer.buildApplication(runtime: runtime, observer: recorder)
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

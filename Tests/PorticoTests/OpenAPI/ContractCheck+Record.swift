import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

extension ContractCheck {
    /// Answers of one operation and status checked per test: enough to catch a wrong shape, while
    /// a test that pages through thousands of entities does not spend its suite's CPU (the tests
    /// run in parallel, and some of them measure time) validating every page in a debug build.
    static let samplesPerOperation = 3

    /// The parsed document, kept while the served bytes stay the same (they do within a run).
    private static let cached = Mutex<(json: ByteBuffer, check: ContractCheck)?>(nil)

    static func forDocument(_ json: ByteBuffer) throws -> ContractCheck {
        if let hit = cached.withLock({ $0 }), hit.json == json { return hit.check }
        let check = try ContractCheck(documentJSON: json)
        cached.withLock { $0 = (json, check) }
        return check
    }

    /// Checks the exchanges against the document the server itself serves, and records each breach
    /// (once per distinct message) as a test issue.
    static func record(_ exchanges: [RecordedExchange], servedBy client: any TestClientProtocol) async throws {
        let served = try await client.execute(uri: "/openapi.json", method: .get, headers: [:], body: nil)
        guard served.status == .ok else {
            Issue.record("GET /openapi.json answered \(served.status.code)")
            return
        }
        let check = try forDocument(served.body)
        var checked: [String: Int] = [:]
        var seen: Set<String> = []
        for exchange in exchanges {
            let operation = "\(exchange.method) \(exchange.route) \(exchange.status)"
            guard checked[operation, default: 0] < samplesPerOperation else { continue }
            checked[operation, default: 0] += 1
            for violation in check.violations(of: exchange) where seen.insert(violation).inserted {
                Issue.record("OpenAPI contract: \(violation)")
            }
        }
    }
}

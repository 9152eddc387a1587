import Foundation
import HTTPTypes
import HummingbirdTesting
import PorticoApp
import PorticoCore
import PorticoStore
import Testing

/// Billing through its HTTP API: a tenant on a test clock, usage reported as modules report it,
/// invoices read back.
struct BillingTestBench {
    let runtime: Runtime
    let client: any TestClientProtocol
    let operatorToken: String

    static func iso(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    /// Moves the tenant's test clock (putting it on one) and returns the run report.
    @discardableResult
    func advance(_ tenant: TestTenant, to time: String) async throws -> [String: Any] {
        let response = try await client.call(.put, "/admin/v1/billing/tenants/\(tenant.id)/clock", token: operatorToken, json: ["time": time])
        #expect(response.status == .ok, "clock \(time): \(response.json)")
        return response.json
    }

    /// Reports usage the way modules do; `daysAgo` back-dates it from the tenant's clock.
    func report(_ tenant: TestTenant, _ meter: String, _ quantity: Int64, key: String = UUID().uuidString, daysAgo: Double = 0, dimension: String = "") async throws {
        try await runtime.usage.record([UsageRecord(
            tenant: tenant.id, meter: Meter(meter), dimension: dimension, quantity: quantity, idempotencyKey: key,
            occurredAt: Date().addingTimeInterval(-daysAgo * 86_400))])
    }

    func invoices(_ tenant: TestTenant) async throws -> [[String: Any]] {
        let response = try await client.call(.get, "/v1/billing/invoices", token: tenant.apiKey)
        #expect(response.status == .ok)
        return (response.json["items"] as? [[String: Any]] ?? []).sorted { ($0["periodStart"] as! String) < ($1["periodStart"] as! String) }
    }

    /// The tenant's invoice whose period starts at `start` (ISO 8601).
    func invoice(_ tenant: TestTenant, periodStart start: String) async throws -> [String: Any]? {
        try await invoices(tenant).first { ($0["periodStart"] as? String) == start }
    }

    /// Marks every open invoice of the tenant paid (so dunning leaves it alone).
    func payAll(_ tenant: TestTenant) async throws {
        let open = try await client.call(.get, "/admin/v1/billing/invoices?tenant=\(tenant.id)&status=open", token: operatorToken)
        for invoice in open.json["items"] as? [[String: Any]] ?? [] {
            let id = try #require(invoice["id"] as? String)
            let paid = try await client.call(.post, "/admin/v1/billing/invoices/\(id)/mark-paid", token: operatorToken)
            #expect(paid.status == .ok)
        }
    }

    func subscription(_ tenant: TestTenant) async throws -> [String: Any] {
        try await client.call(.get, "/v1/billing/subscription", token: tenant.apiKey).json
    }

    /// - Parameter fresh: a database of the test's own, for a test whose billing run must see
    ///   only its own tenants.
    static func with(fresh: Bool = false, _ body: @escaping @Sendable (BillingTestBench) async throws -> Void) async throws {
        let run: @Sendable (Runtime) async throws -> Void = { runtime in
            let operatorToken = try await TestTenants.createOperator(runtime)
            try await LiveServer.with(runtime) { client in
                try await body(BillingTestBench(runtime: runtime, client: client, operatorToken: operatorToken))
            }
        }
        if fresh {
            try await TestDatabase.withFreshMigrated { _, runtime in try await run(runtime) }
        } else {
            try await TestDatabase.withShared { runtime in try await run(runtime) }
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The invoice's lines of one kind (base, usage, adjustment).
    func lines(_ kind: String) -> [[String: Any]] {
        (self["lines"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == kind }
    }

    func int(_ key: String) -> Int64? { (self[key] as? NSNumber)?.int64Value }
}

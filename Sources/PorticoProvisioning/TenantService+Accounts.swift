import Foundation
import Logging
import PorticoCore
import PorticoSeam
import PostgresNIO

/// The account changes other modules decide (billing's plan changes and dunning), recorded in the
/// tenant's lifecycle events like an operator's.
extension TenantService: TenantAccounts {
    public func setPlan(_ tenant: TenantID, to plan: PlanID, reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        guard try await TenantRepository.setPlan(tenant, plan: plan, rateLimitOverride: nil, keepingOverride: true, on: connection, logger: logger) != nil
        else { return false }
        try await TenantRepository.recordEvent(tenant, "plan_changed", detail: "\(plan): \(reason)", on: connection, logger: logger)
        return true
    }

    public func suspend(_ tenant: TenantID, reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await TenantRepository.transition(tenant, from: [.active], to: .suspended, reason: reason, on: connection, logger: logger) != nil
    }

    public func resume(_ tenant: TenantID, suspendedFor reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await TenantRepository.transition(
            tenant, from: [.suspended], to: .active, reason: nil, onlyIfReason: reason, on: connection, logger: logger) != nil
    }

    public func liveAccounts(after: TenantID?, limit: Int) async throws -> [TenantAccount] {
        try await tenants.liveAccounts(after: after, limit: limit)
    }
}

import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// Test clocks: a tenant on one lives at the clock's frozen time (its usage is stamped with it,
/// and billing's periods, trials and dunning follow it) until an operator advances the clock or
/// takes the tenant off it. Everyone else lives at the wall clock.
public struct TenantClocks: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The tenant's time now: its test clock's, else the wall clock's.
    public func now(of tenant: TenantID) async throws -> Date {
        try await nows(of: [tenant])[tenant] ?? Date()
    }

    /// The test clocks' times of those of `tenants` that are on one.
    public func nows(of tenants: [TenantID]) async throws -> [TenantID: Date] {
        try await database.withConnection { connection in
            try await Self.nows(of: tenants, on: connection, logger: database.logger)
        }
    }

    public static func nows(of tenants: [TenantID], on connection: PostgresConnection, logger: Logger) async throws -> [TenantID: Date] {
        guard !tenants.isEmpty else { return [:] }
        var clocks: [TenantID: Date] = [:]
        for try await (id, frozenAt) in try await connection.checkedQuery("""
            SELECT tenant_id, frozen_at FROM control.tenant_clocks WHERE tenant_id = ANY(\(tenants.map(\.uuid)))
            """, logger: logger).decode((UUID, Date).self) {
            clocks[TenantID(id)] = frozenAt
        }
        return clocks
    }

    /// Puts the tenant on a test clock at `time`, or moves its clock there. A clock never runs
    /// backwards: usage and invoices already stamped would contradict it.
    public func set(_ tenant: TenantID, to time: Date, on connection: PostgresConnection) async throws {
        let current = try await Self.nows(of: [tenant], on: connection, logger: database.logger)[tenant]
        if let current, time < current {
            throw PorticoError.validation("A test clock only moves forward; it is at \(current.ISO8601Format()).", field: "time")
        }
        try await connection.checkedQuery("""
            INSERT INTO control.tenant_clocks (tenant_id, frozen_at, updated_at) VALUES (\(tenant.uuid), \(time), \(Date()))
            ON CONFLICT (tenant_id) DO UPDATE SET frozen_at = excluded.frozen_at, updated_at = excluded.updated_at
            """, logger: database.logger)
    }

    /// Takes the tenant off its test clock, back to the wall clock.
    public func remove(_ tenant: TenantID, on connection: PostgresConnection) async throws {
        try await connection.checkedQuery("DELETE FROM control.tenant_clocks WHERE tenant_id = \(tenant.uuid)", logger: database.logger)
    }
}

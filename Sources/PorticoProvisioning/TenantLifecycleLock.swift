import Logging
import PorticoCore
import PostgresNIO

/// Provisioning and deletion of one tenant run one at a time: each takes this transaction-scoped
/// lock first and decides from the status it reads under it, so neither works on a schema or role
/// the other is creating or dropping.
enum TenantLifecycleLock {
    /// Waits for the lock (held until the transaction ends) and returns the tenant's status then.
    static func acquire(_ id: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> TenantStatus? {
        try await connection.checkedQuery(
            "SELECT pg_advisory_xact_lock(hashtextextended('tenant-lifecycle:' || \(id.description), 0))", logger: logger)
        let rows = try await connection.checkedQuery("SELECT status FROM control.tenants WHERE id = \(id.uuid)", logger: logger)
        for try await status in rows.decode(String.self) { return TenantStatus(rawValue: status) }
        return nil
    }
}

extension TenantStatus {
    /// Signed up (or failed an earlier attempt) and not deleted: provisioning may go ahead.
    var awaitsProvisioning: Bool { self == .provisioning || self == .failed }
}

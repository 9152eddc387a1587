import Logging
import PorticoGateway
import PostgresNIO

/// The operators' audit log, for the operator actions of any module: an entry joins the caller's
/// control-schema transaction, so the action and its record commit together.
public protocol AuditTrail: Sendable {
    func record(
        _ action: String, target: String, detail: [String: String], by actor: AuthenticatedOperator,
        on connection: PostgresConnection, logger: Logger
    ) async throws
}

/// For a module list without provisioning (a test's): nothing is recorded.
public struct NoAuditTrail: AuditTrail {
    public init() {}

    public func record(
        _ action: String, target: String, detail: [String: String], by actor: AuthenticatedOperator,
        on connection: PostgresConnection, logger: Logger
    ) async throws {}
}

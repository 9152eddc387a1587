import Foundation
import Logging
import PorticoCore
import PostgresNIO
import Synchronization

/// Changes to a tenant's account that a module other than provisioning decides: billing moves a
/// tenant to the plan its subscription is on, suspends it for an unpaid invoice and resumes it
/// once paid. Each change joins the caller's control-schema transaction, so the decision and the
/// change commit together.
public protocol TenantAccounts: Sendable {
    /// Moves the tenant to `plan`; false when the tenant is deleted or being deleted.
    func setPlan(_ tenant: TenantID, to plan: PlanID, reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool
    /// Suspends an active tenant for `reason`; false when it was not active.
    func suspend(_ tenant: TenantID, reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool
    /// Resumes a tenant suspended for exactly `reason` (an operator's own suspension stays);
    /// false when it was not suspended for it.
    func resume(_ tenant: TenantID, suspendedFor reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool
    /// Every tenant that is live (provisioning, active or suspended), by id, a page at a time.
    func liveAccounts(after: TenantID?, limit: Int) async throws -> [TenantAccount]
}

/// A tenant as another module's bookkeeping sees it.
public struct TenantAccount: Sendable, Equatable {
    public let id: TenantID
    public let plan: PlanID
    public let status: TenantStatus
    public let createdAt: Date

    public init(id: TenantID, plan: PlanID, status: TenantStatus, createdAt: Date) {
        self.id = id
        self.plan = plan
        self.status = status
        self.createdAt = createdAt
    }
}

/// A tenant just signed up, as the modules' creation steps see it.
public struct NewTenant: Sendable {
    public let id: TenantID
    public let plan: PlanID
    /// Signed up through the public API (rather than created by an operator).
    public let selfServe: Bool
    public let createdAt: Date

    public init(id: TenantID, plan: PlanID, selfServe: Bool, createdAt: Date) {
        self.id = id
        self.plan = plan
        self.selfServe = selfServe
        self.createdAt = createdAt
    }
}

/// What the modules do when a tenant is created, inside the sign-up's transaction (billing starts
/// its subscription), and whether one of them offers trials of the paid plans at public sign-up.
public final class TenantCreationSteps: Sendable {
    public typealias Step = @Sendable (NewTenant, PostgresConnection, Logger) async throws -> Void

    private let connected = Mutex<(steps: [Step], offersTrials: Bool)?>(nil)

    public init() {}

    public init(steps: [Step], offersTrials: Bool) {
        connected.withLock { $0 = (steps, offersTrials) }
    }

    /// Connects the modules' steps once they are built.
    public func connect(steps: [Step], offersTrials: Bool) {
        connected.withLock { $0 = (steps, offersTrials) }
    }

    /// Whether a public sign-up may ask for a paid plan (it starts that plan's trial).
    public var offersTrials: Bool { connected.withLock { $0?.offersTrials ?? false } }

    public func run(for tenant: NewTenant, on connection: PostgresConnection, logger: Logger) async throws {
        for step in connected.withLock({ $0?.steps ?? [] }) {
            try await step(tenant, connection, logger)
        }
    }
}

/// For a module list without provisioning (a test's): no tenant accounts to change.
public struct NoTenantAccounts: TenantAccounts {
    public init() {}

    public func setPlan(_ tenant: TenantID, to plan: PlanID, reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool { false }
    public func suspend(_ tenant: TenantID, reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool { false }
    public func resume(_ tenant: TenantID, suspendedFor reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool { false }
    public func liveAccounts(after: TenantID?, limit: Int) async throws -> [TenantAccount] { [] }
}

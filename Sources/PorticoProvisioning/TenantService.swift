import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// The tenant lifecycle: sign-up, provisioning, suspension, plan changes, deletion, and keys.
/// Controllers (tenant and admin API) and CLI commands all go through here.
public struct TenantService: Sendable {
    let database: Database
    public let plans: PlanBook
    let tenantMigrations: MigrationSet
    let tenantDeletion: TenantDeletionSteps
    let tenantCreation: TenantCreationSteps
    /// Whether provisioning makes each new tenant schema a Citus distributed schema.
    let distributeSchemas: Bool
    let tenants: TenantRepository
    let keys: APIKeyRepository

    public init(
        database: Database, plans: PlanBook, tenantMigrations: MigrationSet, tenantDeletion: TenantDeletionSteps,
        tenantCreation: TenantCreationSteps = TenantCreationSteps(), distributeSchemas: Bool = false
    ) {
        self.database = database
        self.plans = plans
        self.tenantMigrations = tenantMigrations
        self.tenantDeletion = tenantDeletion
        self.tenantCreation = tenantCreation
        self.distributeSchemas = distributeSchemas
        self.tenants = TenantRepository(database: database)
        self.keys = APIKeyRepository(database: database, plans: plans)
    }

    var logger: Logger { database.logger }

    // MARK: - Sign-up and provisioning

    /// Creates the tenant (status `provisioning`), its first key with every scope, the provisioning
    /// job and what the modules start for it (billing's subscription), all in one transaction:
    /// either all of it exists afterwards or none.
    public func signUp(_ request: SignupRequest, by actor: AuthenticatedOperator? = nil) async throws -> SignupResult {
        try await signUp(request, by: actor, selfServe: false)
    }

    private func signUp(_ request: SignupRequest, by actor: AuthenticatedOperator?, selfServe: Bool) async throws -> SignupResult {
        let valid = try request.validated()
        let tenant = Tenant(
            id: .generate(), slug: valid.slug, name: valid.name, adminEmail: valid.adminEmail, plan: valid.plan.id,
            rateLimitOverride: nil, status: .provisioning, statusReason: nil, createdAt: Date(), activatedAt: nil,
            deletedAt: nil)
        let issued = try await database.withTransaction { connection in
            try await TenantRepository.insert(tenant, on: connection, logger: logger)
            let issued = try await APIKeyRepository.insert(
                tenant: tenant.id, name: "initial admin key", scopes: Scope.allCases, expiresAt: nil,
                on: connection, logger: logger)
            try await JobQueue.enqueue(
                TenantJobs.provision, TenantJobPayload(tenantID: tenant.id), uniqueKey: "provision:\(tenant.id)",
                on: connection, logger: logger)
            try await tenantCreation.run(
                for: NewTenant(id: tenant.id, plan: tenant.plan, selfServe: selfServe, createdAt: tenant.createdAt),
                on: connection, logger: logger)
            if let actor {
                try await AuditLog.record("tenant.create", target: tenant.id.description,
                                          detail: ["slug": tenant.slug.value, "plan": tenant.plan.id], by: actor,
                                          on: connection, logger: logger)
            }
            return issued
        }
        return SignupResult(
            tenant: .init(id: tenant.id, slug: tenant.slug, status: tenant.status), apiKey: issued.secret,
            statusUrl: "/v1/signups/\(tenant.id)")
    }

    /// A sign-up from the public API: a self-serve plan (`free`), or a paid plan where a module
    /// starts trials of them (billing: the plan's trial, after which the tenant stays on it only
    /// with an approved billing profile). Without one, a paid plan is refused rather than granted
    /// for free; operators choose any plan through `signUp`.
    public func signUpSelfServe(_ request: SignupRequest) async throws -> SignupResult {
        if let plan = request.plan.flatMap(Plan.named), !plan.isSelfServe, !tenantCreation.offersTrials {
            throw PorticoError(
                status: 403, code: "plan_not_self_serve", title: "Plan not available at sign-up",
                detail: "Sign-up gives the '\(plans.selfServe.map(\.id.id).joined(separator: "' or '"))' plan; ask us for the '\(plan.id)' plan once your tenant exists.",
                field: "plan")
        }
        return try await signUp(request, by: nil, selfServe: true)
    }

    /// The provisioning job: schema, role and tenant migrations (then, with `distributeSchemas`,
    /// the schema distributed on Citus), then `active`, in one transaction, so a worker killed
    /// half-way leaves nothing behind and the retried job starts clean. A tenant deleted before or
    /// during provisioning is refused: the transaction rolls back whole.
    /// - Parameter attempt: which try this is, for the reason recorded when it fails.
    public func provision(_ id: TenantID, attempt: Int = 1) async throws {
        guard let tenant = try await tenants.find(id) else { return }
        guard tenant.status.awaitsProvisioning else {
            logger.info("tenant is no longer waiting for provisioning", metadata: ["status": "\(tenant.status)"])
            return
        }
        do {
            try await database.withTransaction { connection in
                let status = try await TenantLifecycleLock.acquire(id, on: connection, logger: logger)
                guard status?.awaitsProvisioning == true else { throw NoLongerAwaitingProvisioning() }
                try await TenantSchema.create(id, on: connection, logger: logger)
                try await Migrator.applyTenantMigrations(tenantMigrations, to: id, on: connection, logger: logger)
                if distributeSchemas { try await TenantSchema.distribute(id, on: connection, logger: logger) }
                // Deletion may have begun meanwhile (it does not wait for this lock).
                guard try await TenantRepository.transition(
                    id, from: [.provisioning, .failed], to: .active, reason: nil, on: connection, logger: logger) != nil
                else { throw NoLongerAwaitingProvisioning() }
                try await TenantRepository.recordEvent(id, "activated", detail: nil, on: connection, logger: logger)
            }
        } catch is NoLongerAwaitingProvisioning {
            logger.info("tenant is no longer waiting for provisioning; nothing made", metadata: ["tenant_id": "\(id)"])
        } catch {
            let reason = "provisioning attempt \(attempt) failed: \(readableDescription(of: error))"
            _ = try? await database.withTransaction { connection in
                try await TenantRepository.transition(
                    id, from: [.provisioning, .failed], to: .failed, reason: reason, on: connection, logger: logger)
            }
            throw error
        }
    }

    private struct NoLongerAwaitingProvisioning: Error {}

    /// The deletion job: every module's deletion step, then the schema and role dropped, every key
    /// revoked, and the tenant marked `deleted`, in one transaction.
    public func destroy(_ id: TenantID) async throws {
        guard let tenant = try await tenants.find(id), tenant.status == .deleting else { return }
        try await database.withTransaction { connection in
            guard try await TenantLifecycleLock.acquire(id, on: connection, logger: logger) == .deleting else { return }
            try await tenantDeletion.run(for: id, on: connection, logger: logger)
            try await TenantSchema.drop(id, on: connection, logger: logger)
            try await APIKeyRepository.revokeAll(tenant: id, on: connection, logger: logger)
            _ = try await TenantRepository.transition(
                id, from: [.deleting], to: .deleted, reason: nil, on: connection, logger: logger)
        }
    }

    // MARK: - Lookups

    public func tenant(_ id: TenantID) async throws -> Tenant {
        guard let tenant = try await tenants.find(id) else { throw PorticoError.notFound("No such tenant.") }
        return tenant
    }

    /// The tenant as service layers take it, from its stored plan.
    public func context(of id: TenantID) async throws -> TenantContext {
        let tenant = try await tenant(id)
        return TenantContext(id: tenant.id, slug: tenant.slug, entitlements: tenant.entitlements(in: plans))
    }

    /// A tenant named by id or slug, for the admin API.
    public func tenant(reference: String) async throws -> Tenant {
        guard let tenant = try await tenants.find(reference: reference) else {
            throw PorticoError.notFound("No tenant with id or slug '\(reference)'.")
        }
        return tenant
    }

    // MARK: - Operator actions

    public func suspend(_ reference: String, reason: String?, by actor: AuthenticatedOperator) async throws -> Tenant {
        try await change(reference, action: "tenant.suspend", by: actor, detail: ["reason": reason ?? ""]) { tenant, connection in
            guard let updated = try await TenantRepository.transition(
                tenant.id, from: [.active], to: .suspended, reason: reason, on: connection, logger: logger)
            else { throw Self.wrongState(tenant, "suspended", allowedFrom: "active") }
            return updated
        }
    }

    public func resume(_ reference: String, by actor: AuthenticatedOperator) async throws -> Tenant {
        try await change(reference, action: "tenant.resume", by: actor) { tenant, connection in
            guard let updated = try await TenantRepository.transition(
                tenant.id, from: [.suspended], to: .active, reason: nil, on: connection, logger: logger)
            else { throw Self.wrongState(tenant, "resumed", allowedFrom: "suspended") }
            return updated
        }
    }

    public func delete(_ reference: String, by actor: AuthenticatedOperator) async throws -> Tenant {
        try await change(reference, action: "tenant.delete", by: actor) { tenant, connection in
            guard let updated = try await TenantRepository.transition(
                tenant.id, from: [.provisioning, .failed, .active, .suspended], to: .deleting, reason: "deleted by \(actor.name)",
                on: connection, logger: logger)
            else { throw Self.wrongState(tenant, "deleted", allowedFrom: "provisioning, failed, active or suspended") }
            try await JobQueue.enqueue(
                TenantJobs.delete, TenantJobPayload(tenantID: tenant.id), uniqueKey: "delete:\(tenant.id)",
                on: connection, logger: logger)
            return updated
        }
    }

    public func setPlan(
        _ reference: String, plan planID: String, rateLimitOverride: Int?, by actor: AuthenticatedOperator
    ) async throws -> Tenant {
        guard let plan = Plan.named(planID) else {
            throw PorticoError.validation("Unknown plan; use one of \(Plan.names).", field: "plan")
        }
        if let rateLimitOverride, !(1...1_000_000).contains(rateLimitOverride) {
            throw PorticoError.validation("'rateLimitPerSecond' must be between 1 and 1000000.", field: "rateLimitPerSecond")
        }
        var detail = ["plan": plan.id.id]
        if let rateLimitOverride { detail["rateLimitPerSecond"] = String(rateLimitOverride) }
        return try await change(reference, action: "tenant.set-plan", by: actor, detail: detail) { tenant, connection in
            guard let updated = try await TenantRepository.setPlan(
                tenant.id, plan: plan.id, rateLimitOverride: rateLimitOverride, on: connection, logger: logger)
            else { throw Self.wrongState(tenant, "changed", allowedFrom: "any state but deleted") }
            return updated
        }
    }

    /// Runs an operator's change to one tenant in a transaction together with its audit entry.
    private func change(
        _ reference: String, action: String, by actor: AuthenticatedOperator, detail: [String: String] = [:],
        _ body: (Tenant, PostgresConnection) async throws -> Tenant
    ) async throws -> Tenant {
        let tenant = try await tenant(reference: reference)
        return try await database.withTransaction { connection in
            let updated = try await body(tenant, connection)
            try await AuditLog.record(action, target: tenant.id.description, detail: detail.merging(["slug": tenant.slug.value]) { a, _ in a },
                                      by: actor, on: connection, logger: logger)
            return updated
        }
    }

    static func wrongState(_ tenant: Tenant, _ verb: String, allowedFrom: String) -> PorticoError {
        .conflict("invalid_tenant_state", "Tenant '\(tenant.slug)' is \(tenant.status.rawValue); only \(allowedFrom) tenants can be \(verb).")
    }

    // MARK: - Keys

    /// Issues a key for a tenant, within its plan's key limit. `actor` is set for operator actions (audited).
    public func issueKey(
        for tenantID: TenantID, _ request: APIKeyRequest, by actor: AuthenticatedOperator? = nil
    ) async throws -> IssuedAPIKey {
        let valid = try request.validated()
        let tenant = try await tenant(tenantID)
        guard tenant.status != .deleted, tenant.status != .deleting else {
            throw Self.wrongState(tenant, "given keys", allowedFrom: "live")
        }
        return try await database.withTransaction { connection in
            // Serialises concurrent key creation for one tenant so the limit holds.
            try await connection.checkedQuery("SELECT pg_advisory_xact_lock(hashtext('keys:' || \(tenantID.description)))", logger: logger)
            let live = try await APIKeyRepository.countLive(tenant: tenantID, on: connection, logger: logger)
            let limit = tenant.entitlements(in: plans).limit(ProvisioningModule.maxAPIKeys)
            guard live < limit else {
                throw PorticoError.planLimitReached(plan: tenant.plan, allows: "\(limit) live API keys", advice: "revoke one first.")
            }
            let issued = try await APIKeyRepository.insert(
                tenant: tenantID, name: valid.name, scopes: valid.scopes, expiresAt: request.expiresAt,
                on: connection, logger: logger)
            if let actor {
                try await AuditLog.record("key.issue", target: tenantID.description,
                                          detail: ["keyId": issued.key.id.uuidString.lowercased(), "name": valid.name],
                                          by: actor, on: connection, logger: logger)
            }
            return issued
        }
    }

    public func keys(for tenantID: TenantID) async throws -> [APIKey] {
        try await keys.list(tenant: tenantID)
    }

    /// Revokes one of the tenant's keys; another tenant's key id is simply not found.
    public func revokeKey(_ keyID: UUID, of tenantID: TenantID, by actor: AuthenticatedOperator? = nil) async throws -> APIKey {
        try await database.withTransaction { connection in
            guard let key = try await APIKeyRepository.revoke(keyID, tenant: tenantID, on: connection, logger: logger) else {
                throw PorticoError.notFound("This tenant has no API key with id \(keyID.uuidString.lowercased()).")
            }
            if let actor {
                try await AuditLog.record("key.revoke", target: tenantID.description,
                                          detail: ["keyId": keyID.uuidString.lowercased()], by: actor,
                                          on: connection, logger: logger)
            }
            return key
        }
    }

    // MARK: - Jobs

    /// Registers the lifecycle jobs with a worker.
    public func registerJobs(in registry: inout JobRegistry) {
        registry.register(TenantJobs.provision) { payload, context in
            try await self.provision(payload.tenantID, attempt: context.attempt)
        }
        registry.register(TenantJobs.delete) { payload, _ in
            try await self.destroy(payload.tenantID)
        }
    }
}

extension TenantService: TenantDirectory {
    public func snapshot(of tenant: TenantID) async throws -> TenantSnapshot? {
        guard let found = try await tenants.find(tenant) else { return nil }
        return TenantSnapshot(id: found.id, status: found.status, entitlements: found.entitlements(in: plans))
    }

    public func activeTenants(entitledTo entitlement: Entitlement) async throws -> [TenantID] {
        try await tenants.activeTenants(onPlans: plans.plans(including: entitlement).map(\.id))
    }
}

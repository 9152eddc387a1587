import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The modules of one process, built from the loaded list with the process's shared resources.
public struct ComposedModules: Sendable {
    public let all: [any PorticoModule]

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    init(_ loaded: [LoadedModule], runtime: Runtime, queue: JobQueue) throws {
        let tenants = TenantDirectoryRelay()
        let people = PeopleDirectoryRelay()
        let catalog = CatalogKnowledgeRelay()
        let accounts = TenantAccountsRelay()
        let audit = AuditTrailRelay()
        let creation = TenantCreationSteps()
        let environment = ModuleEnvironment(
            database: runtime.database, queue: queue, outbound: runtime.outbound, operatorOutbound: runtime.operatorOutbound,
            usage: runtime.usage,
            tenants: tenants, people: people, catalog: catalog, plans: runtime.plans, migrations: runtime.migrations,
            tenantDeletion: runtime.tenantDeletion, tenantCreation: creation, accounts: accounts, audit: audit,
            logger: runtime.logger)
        let modules = try loaded.map { try $0.make(environment) }
        guard let provider = modules.lazy.compactMap(\.tenantDirectory).first else {
            throw Invalid(description: "no module in the list offers a tenant directory (the provisioning module does)")
        }
        tenants.relay.connect(provider)
        people.relay.connect(modules.lazy.compactMap(\.peopleDirectory).first ?? NoPeopleDirectory())
        catalog.relay.connect(modules.lazy.compactMap(\.catalogKnowledge).first ?? NoCatalogKnowledge())
        accounts.relay.connect(modules.lazy.compactMap(\.tenantAccounts).first ?? NoTenantAccounts())
        audit.relay.connect(modules.lazy.compactMap(\.auditTrail).first ?? NoAuditTrail())
        creation.connect(
            steps: modules.map { module in { tenant, connection, logger in try await module.tenantCreated(tenant, on: connection, logger: logger) } },
            offersTrials: modules.contains { $0.offersTrialsOfPaidPlans })
        self.all = modules
    }

    /// The module of `type` in the list (the CLI's demo and bench commands use provisioning's service).
    public func module<Module: PorticoModule>(_ type: Module.Type) -> Module? {
        all.lazy.compactMap { $0 as? Module }.first
    }

    /// Every module's routes, each in its module's route group.
    func addRoutes(to routes: GatewayRouter) {
        for module in all {
            routes.group(type(of: module).routeGroup) { module.addRoutes(to: $0) }
        }
    }

    var openAPIFragments: [OpenAPIFragment] {
        all.map { type(of: $0).openAPI }
    }

    func registerJobs(in jobs: inout JobRegistry) {
        for module in all { module.registerJobs(in: &jobs) }
    }

    func services(for process: ProcessRole) -> [any Service] {
        all.flatMap { $0.services(for: process) }
    }
}

/// A port modules are built with before the module that answers it exists (modules are built in
/// list order, and any of them may need any port): connected once all are built.
final class PortRelay<Port: Sendable>: Sendable {
    private let port = Mutex<Port?>(nil)

    func connect(_ answering: Port) {
        port.withLock { $0 = answering }
    }

    var connected: Port {
        guard let answering = port.withLock({ $0 }) else { preconditionFailure("\(Port.self) used before the modules were built") }
        return answering
    }
}

final class TenantDirectoryRelay: TenantDirectory {
    let relay = PortRelay<any TenantDirectory>()

    func snapshot(of tenant: TenantID) async throws -> TenantSnapshot? {
        try await relay.connected.snapshot(of: tenant)
    }

    func activeTenants(entitledTo entitlement: Entitlement) async throws -> [TenantID] {
        try await relay.connected.activeTenants(entitledTo: entitlement)
    }
}

final class PeopleDirectoryRelay: PeopleDirectory {
    let relay = PortRelay<any PeopleDirectory>()

    func members(of group: String, tenant: TenantID) async throws -> [String]? {
        try await relay.connected.members(of: group, tenant: tenant)
    }

    func groupTree(of group: String, tenant: TenantID) async throws -> [String]? {
        try await relay.connected.groupTree(of: group, tenant: tenant)
    }

    func memberships(tenant: TenantID) async throws -> [GroupMembership] {
        try await relay.connected.memberships(tenant: tenant)
    }

    func userCount(tenant: TenantID) async throws -> Int {
        try await relay.connected.userCount(tenant: tenant)
    }
}

final class CatalogKnowledgeRelay: CatalogKnowledge {
    let relay = PortRelay<any CatalogKnowledge>()

    func entitiesWritten(since: Date?, after: CatalogEntityPosition?, limit: Int, tenant: TenantID) async throws -> [CatalogEntityRecord] {
        try await relay.connected.entitiesWritten(since: since, after: after, limit: limit, tenant: tenant)
    }

    func entityRefs(tenant: TenantID) async throws -> Set<String> {
        try await relay.connected.entityRefs(tenant: tenant)
    }

    func entityCount(tenant: TenantID) async throws -> Int {
        try await relay.connected.entityCount(tenant: tenant)
    }

    func entity(_ ref: String, tenant: TenantID) async throws -> CatalogEntityHandle? {
        try await relay.connected.entity(ref, tenant: tenant)
    }

    func entities(annotated key: String, values: [String]?, tenant: TenantID) async throws -> [AnnotatedEntity] {
        try await relay.connected.entities(annotated: key, values: values, tenant: tenant)
    }

    func entities(related type: String, to targets: [String], tenant: TenantID) async throws -> [RelatedEntity] {
        try await relay.connected.entities(related: type, to: targets, tenant: tenant)
    }
}

final class TenantAccountsRelay: TenantAccounts {
    let relay = PortRelay<any TenantAccounts>()

    func setPlan(_ tenant: TenantID, to plan: PlanID, reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await relay.connected.setPlan(tenant, to: plan, reason: reason, on: connection, logger: logger)
    }

    func suspend(_ tenant: TenantID, reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await relay.connected.suspend(tenant, reason: reason, on: connection, logger: logger)
    }

    func resume(_ tenant: TenantID, suspendedFor reason: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await relay.connected.resume(tenant, suspendedFor: reason, on: connection, logger: logger)
    }

    func liveAccounts(after: TenantID?, limit: Int) async throws -> [TenantAccount] {
        try await relay.connected.liveAccounts(after: after, limit: limit)
    }
}

final class AuditTrailRelay: AuditTrail {
    let relay = PortRelay<any AuditTrail>()

    func record(
        _ action: String, target: String, detail: [String: String], by actor: AuthenticatedOperator,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await relay.connected.record(action, target: target, detail: detail, by: actor, on: connection, logger: logger)
    }
}

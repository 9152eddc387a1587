import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// What every module is built with: the shared resources of the process.
public struct ModuleEnvironment: Sendable {
    public let database: Database
    public let queue: JobQueue
    /// The one guarded client for tenant-given URLs.
    public let outbound: any OutboundHTTP
    /// A client for URLs the operator configured (a model server on the private network), never
    /// a tenant's: private and loopback addresses allowed, link-local and metadata still refused.
    public let operatorOutbound: any OutboundHTTP
    public let usage: any UsageRecorder
    public let tenants: any TenantDirectory
    /// The tenant's users and teams, from the module that offers them (the catalog).
    public let people: any PeopleDirectory
    /// The tenant's catalog entities and relations, from the module that holds them.
    public let catalog: any CatalogKnowledge
    public let plans: PlanBook
    public let scopes: [Scope]
    public let migrations: MigrationSources
    public let tenantDeletion: TenantDeletionSteps
    /// The modules' steps at sign-up, connected once every module is built.
    public let tenantCreation: TenantCreationSteps
    /// Changes to tenants' accounts (plan, suspension), from the module that keeps them.
    public let accounts: any TenantAccounts
    /// The operators' audit log, for modules' operator actions.
    public let audit: any AuditTrail
    public let logger: Logger

    public init(
        database: Database, queue: JobQueue, outbound: any OutboundHTTP, operatorOutbound: (any OutboundHTTP)? = nil,
        usage: any UsageRecorder,
        tenants: any TenantDirectory, people: any PeopleDirectory = NoPeopleDirectory(),
        catalog: any CatalogKnowledge = NoCatalogKnowledge(), plans: PlanBook, scopes: [Scope] = Scope.allCases, migrations: MigrationSources,
        tenantDeletion: TenantDeletionSteps, tenantCreation: TenantCreationSteps = TenantCreationSteps(),
        accounts: any TenantAccounts = NoTenantAccounts(), audit: any AuditTrail = NoAuditTrail(), logger: Logger
    ) {
        self.database = database
        self.queue = queue
        self.outbound = outbound
        self.operatorOutbound = operatorOutbound ?? outbound
        self.usage = usage
        self.tenants = tenants
        self.people = people
        self.catalog = catalog
        self.plans = plans
        self.scopes = scopes
        self.migrations = migrations
        self.tenantDeletion = tenantDeletion
        self.tenantCreation = tenantCreation
        self.accounts = accounts
        self.audit = audit
        self.logger = logger
    }
}

/// What one module is built with: the shared environment and its own settings.
@dynamicMemberLookup
public struct ModuleContext<Settings: Sendable>: Sendable {
    public let environment: ModuleEnvironment
    public let settings: Settings

    public init(environment: ModuleEnvironment, settings: Settings) {
        self.environment = environment
        self.settings = settings
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<ModuleEnvironment, Value>) -> Value {
        environment[keyPath: keyPath]
    }
}

/// Every module's tenant-deletion step, in module order, for the deletion job to run.
public struct TenantDeletionSteps: Sendable {
    public typealias Step = @Sendable (TenantID, PostgresConnection, Logger) async throws -> Void

    let steps: [(module: String, step: Step)]

    public init(_ steps: [(module: String, step: Step)]) {
        self.steps = steps
    }

    public func run(for tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        for (module, step) in steps {
            do {
                try await step(tenant, connection, logger)
            } catch {
                logger.error("a module's tenant deletion step failed", metadata: ["module": "\(module)", "error": "\(error)"])
                throw error
            }
        }
    }
}

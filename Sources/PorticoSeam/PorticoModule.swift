import Logging
import PorticoCore
import PorticoGateway
import PorticoStore
import PostgresNIO
import ServiceLifecycle

/// A module of Portico (the catalog, provisioning, Insights, ...), declared in one place: the
/// composition root reads the module list and asks each module for these, so adding a module is
/// a target, a line in that list, and the module's own files.
///
/// What is the same for every replica (id, settings, plan terms, deletion step) is static, so it
/// can be read before anything is built; what needs a database or a queue is on the instance,
/// made from a `ModuleContext`.
///
/// Migrations need no code: a module's SQL lives in `Migrations/control/<id>/` and
/// `Migrations/tenant/<id>/`, numbered per module and tracked per module and schema.
public protocol PorticoModule: Sendable {
    /// What the module reads from configuration, validated at start-up with every other setting.
    associatedtype Settings: Sendable = NoSettings

    /// Names the module's settings (`<id>.<key>`), migration folders and route group.
    static var id: String { get }
    /// The module's settings, keys relative to `id`.
    static var settings: [SettingDescription] { get }
    /// Reads `settings` from a reader scoped to `id`, reporting bad values to it.
    static func readSettings(_ reader: SettingsReader) -> Settings
    /// The entitlements the module checks and the limits it enforces, per plan.
    static var planTerms: PlanTerms { get }
    /// The usage the module reports through the usage port (`<id>.<what>`), for billing to price.
    static var meters: [Meter] { get }
    /// Where the module's routes live and the error body their clients read.
    static var routeGroup: RouteGroup { get }
    /// The module's routes in OpenAPI 3.1, merged into `/openapi.json`; a route missing from it
    /// fails the router-walk test.
    static var openAPI: OpenAPIFragment { get }
    /// Removes what the module keeps about a tenant outside the tenant's own schema, inside the
    /// deletion's transaction; the tenant's schema is dropped after every module's step ran.
    static func deleteTenantData(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws

    init(context: ModuleContext<Settings>) throws

    func addRoutes(to routes: GatewayRouter)
    /// The module's job handlers and periodic schedules.
    func registerJobs(in jobs: inout JobRegistry)
    /// Long-running work beside the HTTP server or the job worker.
    func services(for process: ProcessRole) -> [any Service]
    /// The module that answers who a tenant is (provisioning) offers it here; one module must.
    var tenantDirectory: (any TenantDirectory)? { get }
    /// The module that knows the tenant's people and teams (the catalog) offers them here.
    var peopleDirectory: (any PeopleDirectory)? { get }
    /// The module that holds the tenant's catalog offers its entities and relations here.
    var catalogKnowledge: (any CatalogKnowledge)? { get }
    /// The module that keeps tenants' accounts (provisioning) offers changes to them here.
    var tenantAccounts: (any TenantAccounts)? { get }
    /// The module that keeps the operators' audit log (provisioning) offers it here.
    var auditTrail: (any AuditTrail)? { get }
    /// What the module does when a tenant signs up, inside the sign-up's transaction.
    func tenantCreated(_ tenant: NewTenant, on connection: PostgresConnection, logger: Logger) async throws
    /// Whether the module starts trials of paid plans, so a public sign-up may ask for one.
    var offersTrialsOfPaidPlans: Bool { get }
}

/// The settings of a module that has none.
public struct NoSettings: Sendable {
    public init() {}
}

/// The process a module's services run in.
public enum ProcessRole: String, Sendable {
    case server
    case worker
}

extension PorticoModule {
    public static var settings: [SettingDescription] { [] }
    public static var planTerms: PlanTerms { .none }
    public static var meters: [Meter] { [] }
    public static var routeGroup: RouteGroup { RouteGroup(id: id, pathPrefixes: []) }
    public static var openAPI: OpenAPIFragment { OpenAPIFragment(owner: id, parts: []) }
    public static func deleteTenantData(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {}
    public func addRoutes(to routes: GatewayRouter) {}
    public func registerJobs(in jobs: inout JobRegistry) {}
    public func services(for process: ProcessRole) -> [any Service] { [] }
    public var tenantDirectory: (any TenantDirectory)? { nil }
    public var peopleDirectory: (any PeopleDirectory)? { nil }
    public var catalogKnowledge: (any CatalogKnowledge)? { nil }
    public var tenantAccounts: (any TenantAccounts)? { nil }
    public var auditTrail: (any AuditTrail)? { nil }
    public func tenantCreated(_ tenant: NewTenant, on connection: PostgresConnection, logger: Logger) async throws {}
    public var offersTrialsOfPaidPlans: Bool { false }
}

extension PorticoModule where Settings == NoSettings {
    public static func readSettings(_ reader: SettingsReader) -> NoSettings { NoSettings() }
}

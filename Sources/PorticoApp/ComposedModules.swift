import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import ServiceLifecycle
import Synchronization

/// The modules of one process, built from the loaded list with the process's shared resources.
public struct ComposedModules: Sendable {
    public let all: [any PorticoModule]

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    init(_ loaded: [LoadedModule], runtime: Runtime, queue: JobQueue) throws {
        let directory = TenantDirectoryRelay()
        let environment = ModuleEnvironment(
            database: runtime.database, queue: queue, outbound: runtime.outbound, usage: runtime.usage,
            tenants: directory, plans: runtime.plans, migrations: runtime.migrations,
            tenantDeletion: runtime.tenantDeletion, logger: runtime.logger)
        let modules = try loaded.map { try $0.make(environment) }
        guard let provider = modules.lazy.compactMap(\.tenantDirectory).first else {
            throw Invalid(description: "no module in the list offers a tenant directory (the provisioning module does)")
        }
        directory.connect(provider)
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

/// The tenant directory modules are built with, answered by the module that offers one once all
/// are built (modules are built in list order, and any of them may need it).
final class TenantDirectoryRelay: TenantDirectory {
    private let provider = Mutex<(any TenantDirectory)?>(nil)

    func connect(_ directory: any TenantDirectory) {
        provider.withLock { $0 = directory }
    }

    func snapshot(of tenant: TenantID) async throws -> TenantSnapshot? {
        guard let directory = provider.withLock({ $0 }) else { preconditionFailure("tenant directory used before the modules were built") }
        return try await directory.snapshot(of: tenant)
    }
}

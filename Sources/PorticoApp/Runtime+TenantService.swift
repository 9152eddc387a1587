import PorticoProvisioning
import PorticoStore

extension Runtime {
    /// The provisioning module's service, for commands that create tenants in-process (demo, bench).
    public func tenantService() throws -> TenantService {
        guard let provisioning = try modules(queue: JobQueue(database: database)).module(ProvisioningModule.self) else {
            throw ProvisioningMissing()
        }
        return provisioning.service
    }
}

struct ProvisioningMissing: Error, CustomStringConvertible {
    var description: String { "the module list has no provisioning module" }
}

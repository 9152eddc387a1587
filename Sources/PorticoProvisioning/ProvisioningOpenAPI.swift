import PorticoGateway

extension ProvisioningModule {
    /// Signups, a tenant's own view and keys (`/v1`), and the operators' API (`/admin/v1`).
    public static let openAPI = OpenAPIFragment(
        owner: "provisioning", parts: [TenantOpenAPIPaths.yaml, AdminOpenAPIPaths.yaml, ProvisioningOpenAPIComponents.yaml])
}

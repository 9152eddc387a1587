import PorticoCore

public struct MigrationPlan: Sendable {
    public struct SchemaWork: Sendable {
        public let schema: String
        public let tenant: TenantID
        public let pending: [MigrationFile]
    }

    public let control: [MigrationFile]
    public let tenants: [SchemaWork]
    public let tenantSchemaCount: Int

    public var isEmpty: Bool { control.isEmpty && tenants.isEmpty }
}

public struct MigrationReport: Sendable {
    public let controlApplied: Int
    public let tenantSchemasMigrated: Int
    public let tenantSchemasTotal: Int
    public let failures: [MigrationError]
}

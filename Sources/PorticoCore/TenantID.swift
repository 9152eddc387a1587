import Foundation

/// A tenant's identity. Everything that names a tenant's database objects is derived from it,
/// never from anything a caller sends.
public struct TenantID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID) { self.uuid = uuid }

    public init?(_ string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.uuid = uuid
    }

    public static func generate() -> TenantID { TenantID(UUID()) }

    public var description: String { uuid.uuidString.lowercased() }

    /// The PostgreSQL schema (and role) holding this tenant's data: `t_` and the id's 32 hex digits.
    public var schemaName: SQLIdentifier {
        SQLIdentifier(trusted: "t_" + uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
    }

    public init(from decoder: any Decoder) throws {
        self.uuid = try decoder.singleValueContainer().decode(UUID.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

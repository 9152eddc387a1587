import Foundation
import PorticoCore
import PorticoStore

public struct LocationJobPayload: Codable, Sendable {
    public let tenantID: TenantID
    public let locationID: UUID
}

public enum CatalogJobs {
    public static let refreshLocation = JobKind<LocationJobPayload>("catalog.refresh-location", maxAttempts: 5)

    static func refreshKey(tenant: TenantID, location: UUID) -> String {
        "catalog.refresh:\(tenant):\(location.uuidString.lowercased())"
    }
}

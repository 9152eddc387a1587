import Foundation
import PorticoCore
import PorticoStore

public struct LocationJobPayload: TenantScopedPayload {
    public let tenantID: TenantID
    public let locationID: UUID
}

public struct PostingKeyPayload: TenantScopedPayload {
    public let tenantID: TenantID
    /// A search key (`metadata.labels.tier`).
    public let key: String
}

public enum CatalogJobs {
    /// Learning a key reads its search rows once, under the catalog write lock (`PostingKeyLearner`).
    public static let learnPostings = JobKind<PostingKeyPayload>("catalog.learn-postings", maxAttempts: 3, deadline: .seconds(300))

    /// A refresh records its own failures on the location and schedules the next one; the job fails
    /// only when even that could not be written, and then starts over rather than end the schedule.
    /// Ten minutes: a refresh fetches up to 1,000 files and writes their entities; a longer one is stuck.
    public static let refreshLocation = JobKind<LocationJobPayload>(
        "catalog.refresh-location", maxAttempts: 5, deadline: .seconds(600), startOverAfter: .seconds(1800))

    static func refreshKey(tenant: TenantID, location: UUID) -> String {
        "catalog.refresh:\(tenant):\(location.uuidString.lowercased())"
    }
}

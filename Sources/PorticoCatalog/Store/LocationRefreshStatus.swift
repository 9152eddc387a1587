import Foundation

/// Portico's state of a location's refreshes, at `GET /api/catalog/locations/{id}/status`.
public struct LocationRefreshStatus: Sendable, Encodable {
    /// `pending` until the first refresh ends, then `ok` or `failed`.
    public let status: String
    public let message: String?
    /// Refreshes that failed in a row; 0 after a good one.
    public let failedRefreshes: Int
    public let entityCount: Int
    public let lastRefreshedAt: Date?
    /// Files and entities of the last refresh that were skipped, and why.
    let problems: [LocationProblem]

    static let pending = LocationRefreshStatus(status: "pending", message: nil, failedRefreshes: 0, entityCount: 0, lastRefreshedAt: nil, problems: [])
}

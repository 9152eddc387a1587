import Foundation

/// A registered cluster as the API shows it: never its token.
struct Cluster: Encodable, Sendable {
    enum Mode: String, Codable, Sendable {
        /// Listed by Portico's workers through the cluster's API.
        case pull
        /// Fed by `portico agent kubernetes` running inside it.
        case push
    }

    let id: UUID
    let name: String
    let mode: Mode
    let apiUrl: String?
    let hasCertificateAuthority: Bool
    let createdAt: Date
    let lastSyncAt: Date?
    let lastSyncError: String?

    private enum CodingKeys: String, CodingKey { case id, name, mode, apiUrl, hasCertificateAuthority, createdAt, lastSyncAt, lastSyncError }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(mode, forKey: .mode)
        try container.encode(apiUrl, forKey: .apiUrl)
        try container.encode(hasCertificateAuthority, forKey: .hasCertificateAuthority)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastSyncAt, forKey: .lastSyncAt)
        try container.encode(lastSyncError, forKey: .lastSyncError)
    }
}

/// What a pull needs: where the cluster is and its opened token.
struct ClusterAccess: Sendable {
    let id: UUID
    let name: String
    let apiURL: URL
    let certificateAuthority: String?
    let token: String
}

import Foundation
import PorticoCore
import PorticoGateway

/// An API key's stored facts; the secret itself is never stored or shown again.
public struct APIKey: Sendable, Codable {
    public let id: UUID
    public let tenantID: TenantID
    public let name: String
    public let prefix: String
    public let scopes: [Scope]
    public let expiresAt: Date?
    public let revokedAt: Date?
    public let lastUsedAt: Date?
    public let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, tenantID = "tenantId", name, prefix, scopes, expiresAt, revokedAt, lastUsedAt, createdAt
    }

    /// Ids go out lowercase, like tenant ids, so every id a caller copies looks the same; either case
    /// is accepted back.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(name, forKey: .name)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(scopes, forKey: .scopes)
        try container.encodeIfPresent(expiresAt, forKey: .expiresAt)
        try container.encodeIfPresent(revokedAt, forKey: .revokedAt)
        try container.encodeIfPresent(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// A key just issued: the only time its secret is shown.
public struct IssuedAPIKey: Sendable, Codable {
    public let key: APIKey
    public let secret: String

    enum CodingKeys: String, CodingKey { case key, secret }
}

/// What a caller may ask for when creating a key.
public struct APIKeyRequest: Sendable, Decodable {
    public var name: String
    public var scopes: [String]
    public var expiresAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, scopes, expiresAt }

    public init(name: String, scopes: [String], expiresAt: Date? = nil) {
        self.name = name
        self.scopes = scopes
        self.expiresAt = expiresAt
    }

    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        scopes = try container.decode([String].self, forKey: .scopes)
        expiresAt = try container.decodeIfPresent(Date.self, forKey: .expiresAt)
    }

    /// Checks the request and returns the parsed scopes.
    func validated(now: Date = Date()) throws -> (name: String, scopes: [Scope]) {
        let name = try TextField.validate(self.name, field: "name", maxLength: 100)
        guard !scopes.isEmpty else { throw PorticoError.validation("Give the key at least one scope.", field: "scopes") }
        var parsed: [Scope] = []
        for (index, raw) in scopes.enumerated() {
            guard let scope = Scope(rawValue: raw) else {
                throw PorticoError.validation(
                    "Unknown scope; use one of \(Scope.allCases.map(\.rawValue).joined(separator: ", ")).",
                    field: "scopes[\(index)]")
            }
            if !parsed.contains(scope) { parsed.append(scope) }
        }
        if let expiresAt, expiresAt <= now {
            throw PorticoError.validation("'expiresAt' must be in the future.", field: "expiresAt")
        }
        return (name, parsed.sorted())
    }
}

import Foundation
import PorticoCore

/// A tenant API key the gateway has verified, with the tenant state needed to admit a request.
public struct VerifiedAPIKey: Sendable {
    public let keyID: UUID
    public let tenantID: TenantID
    public let tenantSlug: String
    public let tenantStatus: TenantStatus
    public let scopes: Set<Scope>
    public let expiresAt: Date?
    public let entitlements: Entitlements

    public init(
        keyID: UUID, tenantID: TenantID, tenantSlug: String, tenantStatus: TenantStatus, scopes: Set<Scope>,
        expiresAt: Date?, entitlements: Entitlements
    ) {
        self.keyID = keyID
        self.tenantID = tenantID
        self.tenantSlug = tenantSlug
        self.tenantStatus = tenantStatus
        self.scopes = scopes
        self.expiresAt = expiresAt
        self.entitlements = entitlements
    }
}

/// The tenant a request acts for, after the gateway admitted it.
public struct AuthenticatedTenant: Sendable {
    public let id: TenantID
    public let slug: String
    public let keyID: UUID
    public let scopes: Set<Scope>
    public let entitlements: Entitlements

    public init(id: TenantID, slug: String, keyID: UUID, scopes: Set<Scope>, entitlements: Entitlements) {
        self.id = id
        self.slug = slug
        self.keyID = keyID
        self.scopes = scopes
        self.entitlements = entitlements
    }
}

public struct AuthenticatedOperator: Sendable {
    public let id: UUID
    public let name: String

    public init(id: UUID, name: String) {
        self.id = id
        self.name = name
    }
}

/// Looks up presented API keys. The provisioning module implements it over `control.api_keys`
/// with a cache; the gateway needs nothing else from it.
public protocol APIKeyVerifier: Sendable {
    func verify(_ token: SecretToken) async throws -> VerifiedAPIKey?
    /// Notes that a key was used; implementations batch these writes.
    func recordUse(of keyID: UUID)
}

public protocol OperatorTokenVerifier: Sendable {
    func verify(_ token: SecretToken) async throws -> AuthenticatedOperator?
}

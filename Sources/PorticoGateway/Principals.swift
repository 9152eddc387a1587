import Foundation
import PorticoCore

/// A tenant API key the gateway has verified, with the tenant state needed to admit a request.
public struct VerifiedAPIKey: Sendable {
    public let keyID: UUID
    public let tenant: TenantProfile
    public let scopes: Set<Scope>
    public let expiresAt: Date?
    public let entitlements: Entitlements

    public init(keyID: UUID, tenant: TenantProfile, scopes: Set<Scope>, expiresAt: Date?, entitlements: Entitlements) {
        self.keyID = keyID
        self.tenant = tenant
        self.scopes = scopes
        self.expiresAt = expiresAt
        self.entitlements = entitlements
    }
}

/// A tenant's public facts, cached with its keys so `GET /v1/tenant` needs no query; anything
/// that changes them bumps the auth epoch and drops the cache.
public struct TenantProfile: Sendable {
    public let id: TenantID
    public let slug: Slug
    public let name: String
    public let status: TenantStatus
    public let createdAt: Date
    public let activatedAt: Date?

    public init(id: TenantID, slug: Slug, name: String, status: TenantStatus, createdAt: Date, activatedAt: Date?) {
        self.id = id
        self.slug = slug
        self.name = name
        self.status = status
        self.createdAt = createdAt
        self.activatedAt = activatedAt
    }
}

/// The tenant a request acts for, after the gateway admitted it.
public struct AuthenticatedTenant: Sendable {
    public let profile: TenantProfile
    public let keyID: UUID
    public let scopes: Set<Scope>
    public let entitlements: Entitlements

    public init(profile: TenantProfile, keyID: UUID, scopes: Set<Scope>, entitlements: Entitlements) {
        self.profile = profile
        self.keyID = keyID
        self.scopes = scopes
        self.entitlements = entitlements
    }

    public var id: TenantID { profile.id }
    public var slug: Slug { profile.slug }

    /// The tenant as service layers take it.
    public var context: TenantContext {
        TenantContext(id: profile.id, slug: profile.slug, entitlements: entitlements)
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
    /// The key when it can be verified from memory alone, without asking the database.
    func cachedAPIKey(_ token: SecretToken) -> VerifiedAPIKey?
    /// Notes that a key was used; implementations batch these writes.
    func recordUse(of keyID: UUID)
}

public protocol OperatorTokenVerifier: Sendable {
    func verify(_ token: SecretToken) async throws -> AuthenticatedOperator?
    /// The operator when the token can be verified from memory alone, without asking the database.
    func cachedOperator(_ token: SecretToken) -> AuthenticatedOperator?
}

import Foundation
import HTTPTypes
import Hummingbird
import PorticoCore

/// The checks every tenant or operator request passes before its route runs, in this order:
/// body size, credentials (with a budget of failures per client address), tenant status, scope,
/// per-tenant rate limit, entitlement.
public struct Gateway: Sendable {
    public static let defaultBodyLimit = 1 << 20
    public static let defaultFailedCredentialsPerMinute = 30

    let apiKeys: any APIKeyVerifier
    let operators: any OperatorTokenVerifier
    let tenantRateLimiter = RateLimiter<TenantID>()
    let failedCredentials: FailedCredentialLimiter
    let clientAddresses: ClientAddressResolver
    public let defaultBodyLimit: Int

    public init(
        apiKeys: any APIKeyVerifier, operators: any OperatorTokenVerifier, defaultBodyLimit: Int = Gateway.defaultBodyLimit,
        clientAddresses: ClientAddressResolver = .init(),
        failedCredentialsPerMinute: Int = Gateway.defaultFailedCredentialsPerMinute
    ) {
        self.apiKeys = apiKeys
        self.operators = operators
        self.defaultBodyLimit = defaultBodyLimit
        self.clientAddresses = clientAddresses
        self.failedCredentials = FailedCredentialLimiter(perMinute: failedCredentialsPerMinute)
    }

    /// Refuses a declared body larger than the route allows before anything else is read.
    func checkDeclaredLength(_ request: Request, limit: Int) throws {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw PorticoError.payloadTooLarge(limit: limit)
        }
    }

    /// Authenticates a tenant API key and admits the request; returns the tenant and the rate-limit
    /// headers to put on the response.
    func admitTenant(
        _ request: Request, from client: String, scope: Scope?, entitlement: Entitlement?, whileSuspended: Bool = false
    ) async throws -> (AuthenticatedTenant, HTTPFields) {
        guard let presented = Self.bearerToken(request), let token = SecretToken(parsing: presented, as: .apiKey),
              let key = try await failedCredentials.verify(
                token, from: client, inMemory: apiKeys.cachedAPIKey, lookingUp: apiKeys.verify)
        else { throw PorticoError.invalidAPIKey }
        if let expiresAt = key.expiresAt, expiresAt <= Date() { throw PorticoError.invalidAPIKey }
        switch key.tenant.status {
        case .active: break
        case .suspended: if !whileSuspended { throw PorticoError.tenantSuspended }
        case .provisioning, .failed: throw PorticoError.tenantProvisioning
        case .deleting, .deleted: throw PorticoError.invalidAPIKey
        }
        if let scope, !key.scopes.contains(scope) { throw PorticoError.insufficientScope(scope) }
        let limits = key.entitlements.limits
        let decision = tenantRateLimiter.take(key.tenant.id, refillPerSecond: Double(limits.requestsPerSecond), burst: limits.burst)
        guard decision.allowed else {
            throw PorticoError.rateLimited(retryAfterSeconds: decision.retryAfter, headers: decision.headers)
        }
        if let entitlement, !key.entitlements.includes(entitlement) {
            throw PorticoError.pluginNotInPlan(entitlement, plan: key.entitlements.plan)
        }
        apiKeys.recordUse(of: key.keyID)
        let tenant = AuthenticatedTenant(profile: key.tenant, keyID: key.keyID, scopes: key.scopes, entitlements: key.entitlements)
        return (tenant, decision.fields)
    }

    func admitOperator(_ request: Request, from client: String) async throws -> AuthenticatedOperator {
        guard let presented = Self.bearerToken(request), let token = SecretToken(parsing: presented, as: .operatorToken),
              let verified = try await failedCredentials.verify(
                token, from: client, inMemory: operators.cachedOperator, lookingUp: operators.verify)
        else { throw PorticoError.invalidOperatorToken }
        return verified
    }

    /// The token of `Authorization: Bearer <token>` (scheme case-insensitive), read as bytes.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let bytes = header.utf8
        guard bytes.count > 7 else { return nil }
        let scheme = bytes.prefix(6).map { $0 | 0x20 }
        guard scheme.elementsEqual("bearer".utf8), bytes.dropFirst(6).first == UInt8(ascii: " ") else { return nil }
        let token = bytes.dropFirst(7).drop { $0 == UInt8(ascii: " ") }
        return String(decoding: token.reversed().drop { $0 == UInt8(ascii: " ") }.reversed(), as: UTF8.self)
    }
}

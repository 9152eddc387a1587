import Foundation
import PorticoCore

/// A CI/CD webhook of a tenant, as listed (the secret is shown only when made or rotated).
struct Hook: Encodable, Sendable {
    enum Provider: String, Codable, Sendable, CaseIterable {
        case github
        case gitlab
        case generic
    }

    let id: UUID
    let provider: Provider
    let url: String
    let createdAt: Date
    let rotatedAt: Date?
}

/// A hook with its secret: the answer to making or rotating one.
struct HookWithSecret: Encodable {
    let id: UUID
    let provider: Hook.Provider
    let url: String
    let secret: String
    let createdAt: Date
}

/// What a delivery needs to know about its hook before anything else.
struct HookCredentials: Sendable {
    let id: UUID
    let tenant: TenantID
    let provider: Hook.Provider
    let secret: String
}

enum HookSecret {
    /// `whsec_` and 32 random bytes in hex: what the tenant pastes into the provider's form.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexEncoded
    }
}

import Crypto
import Foundation

/// Seals secrets tenants hand us (model API keys, cluster tokens) before they are stored, with
/// AES-GCM under an operator key, and opens them when they are used. The tenant id is bound as
/// authenticated data, so a sealed value copied into another tenant's row does not open.
public struct SecretSealer: Sendable {
    private let key: SymmetricKey

    public init(key: Data) {
        self.key = SymmetricKey(data: key)
    }

    public struct CannotOpen: Error, CustomStringConvertible {
        public var description: String { "a sealed secret did not open: the operator key changed or the value was altered" }
    }

    public func seal(_ secret: String, for tenant: TenantID) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key, authenticating: Data(tenant.description.utf8)).combined else {
            throw CannotOpen()
        }
        return combined
    }

    public func open(_ sealed: Data, for tenant: TenantID) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: key, authenticating: Data(tenant.description.utf8))
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw CannotOpen()
        }
    }
}

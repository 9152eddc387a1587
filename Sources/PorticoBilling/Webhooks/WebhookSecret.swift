import Crypto
import Foundation

/// An endpoint's signing secret as Standard Webhooks writes it: `whsec_` and the base64 of random
/// bytes, which are the HMAC key.
struct WebhookSecret: Sendable, Hashable {
    static let prefix = "whsec_"
    static let keyBytes = 24

    let text: String

    /// A new secret from the system's secure generator.
    static func generate() -> WebhookSecret {
        let key = SymmetricKey(size: .init(bitCount: keyBytes * 8))
        return WebhookSecret(text: prefix + key.withUnsafeBytes { Data($0).base64EncodedString() })
    }

    /// The HMAC key; nil for text that is no secret of this form.
    var key: SymmetricKey? {
        guard text.hasPrefix(Self.prefix), let bytes = Data(base64Encoded: String(text.dropFirst(Self.prefix.count))), !bytes.isEmpty else {
            return nil
        }
        return SymmetricKey(data: bytes)
    }
}

import Crypto
import Foundation

/// Checks that a delivery came from whoever holds the hook's secret: GitHub's (and generic
/// runs') `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, GitLab's `X-Gitlab-Token`.
/// Both comparisons take the same time whatever the presented value.
enum DeliverySignature {
    static func isValidHMAC(_ header: String?, body: Data, secret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), let mac = bytes(hex: header.dropFirst(7)), mac.count == 32 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    /// Compares digests, which have one length whatever the token's, in constant time.
    static func isValidToken(_ header: String?, secret: String) -> Bool {
        guard let header else { return false }
        let given = SHA256.hash(data: Data(header.utf8))
        let expected = SHA256.hash(data: Data(secret.utf8))
        var difference: UInt8 = 0
        for (a, b) in zip(given, expected) { difference |= a ^ b }
        return difference == 0
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

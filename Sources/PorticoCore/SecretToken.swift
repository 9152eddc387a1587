import Crypto
import Foundation

/// The bearer secrets Portico issues: tenant API keys (`pk_live_…`) and operator tokens (`po_live_…`).
///
/// Layout: `<kind prefix><12-char lookup id><32-char secret><6-char checksum>`, all base62.
/// The lookup id finds the stored row without scanning; only a SHA-256 of the whole token is
/// stored. The CRC32 checksum lets a secret scanner (or our own gateway) reject a mistyped or
/// made-up token without touching the database.
public struct SecretToken: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case apiKey = "pk_live_"
        case operatorToken = "po_live_"
    }

    public static let lookupIDLength = 12
    static let secretLength = 32
    static let checksumLength = 6

    public let kind: Kind
    public let lookupID: String
    public let value: String

    /// A new random token from the system's secure generator.
    public static func generate(_ kind: Kind) -> SecretToken {
        var generator = SystemRandomNumberGenerator()
        let body = String((0..<(lookupIDLength + secretLength)).map { _ in
            Base62.alphabet[Int(generator.next(upperBound: UInt64(Base62.alphabet.count)))]
        })
        let value = kind.rawValue + body + checksum(of: kind.rawValue + body)
        return SecretToken(kind: kind, lookupID: String(body.prefix(lookupIDLength)), value: value)
    }

    /// Parses a token a caller presented; `nil` when it is not well formed or its checksum is wrong.
    public init?(parsing value: String, as kind: Kind) {
        let expectedLength = kind.rawValue.count + Self.lookupIDLength + Self.secretLength + Self.checksumLength
        guard value.utf8.count == expectedLength, value.hasPrefix(kind.rawValue) else { return nil }
        let body = value.dropFirst(kind.rawValue.count)
        guard body.utf8.allSatisfy(Base62.isDigit) else { return nil }
        let signed = value.dropLast(Self.checksumLength)
        guard Self.checksum(of: String(signed)) == value.suffix(Self.checksumLength) else { return nil }
        self.kind = kind
        self.lookupID = String(body.prefix(Self.lookupIDLength))
        self.value = value
    }

    private init(kind: Kind, lookupID: String, value: String) {
        self.kind = kind
        self.lookupID = lookupID
        self.value = value
    }

    /// What is stored in place of the token.
    public var hash: [UInt8] { Array(SHA256.hash(data: Array(value.utf8))) }

    /// Compares a stored hash with this token's in constant time.
    public func matches(storedHash: [UInt8]) -> Bool {
        let computed = hash
        guard computed.count == storedHash.count else { return false }
        var difference: UInt8 = 0
        for index in computed.indices { difference |= computed[index] ^ storedHash[index] }
        return difference == 0
    }

    static func checksum(of text: String) -> String {
        Base62.encode(CRC32.checksum(Array(text.utf8)), width: checksumLength)
    }
}

enum Base62 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func isDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    static func encode(_ number: UInt32, width: Int) -> String {
        var remaining = UInt64(number)
        var digits: [Character] = []
        for _ in 0..<width {
            digits.append(alphabet[Int(remaining % 62)])
            remaining /= 62
        }
        return String(digits.reversed())
    }
}

enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

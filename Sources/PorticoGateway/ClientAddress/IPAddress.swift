import Foundation

/// An IPv4 or IPv6 address as bytes (4 or 16; IPv4-mapped IPv6 addresses are read as IPv4).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses an address alone: `192.0.2.1`, `2001:db8::1`.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        bytes = raw.prefix(10).allSatisfy { $0 == 0 } && raw[10] == 0xFF && raw[11] == 0xFF ? Array(raw.suffix(4)) : raw
    }

    /// Parses one hop of `X-Forwarded-For`, which proxies may write with a port: `192.0.2.1:443`,
    /// `[2001:db8::1]:443`.
    public init?(forwardedHop hop: some StringProtocol) {
        let text = hop.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            self.init(text[text.index(after: text.startIndex)..<end])
        } else if text.filter({ $0 == ":" }).count == 1 {
            self.init(text.prefix { $0 != ":" })
        } else {
            self.init(text)
        }
    }

    public var isIPv6: Bool { bytes.count == 16 }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var raw = bytes
        let family = isIPv6 ? AF_INET6 : AF_INET
        guard inet_ntop(family, &raw, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What per-address limits count against: the address itself for IPv4, its /64 for IPv6,
    /// since one subscriber routinely holds a whole /64 and could otherwise take a fresh budget per address.
    public var rateLimitKey: String {
        guard isIPv6 else { return description }
        return IPAddress(bytes: Array(bytes.prefix(8)) + Array(repeating: 0, count: 8)).description + "/64"
    }
}

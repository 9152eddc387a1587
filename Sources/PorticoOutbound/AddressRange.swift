import PorticoCore

/// Which kind of network an address belongs to, for deciding whether a tenant may make us connect
/// to it. Addresses that carry an IPv4 address inside IPv6 (mapped, compatible, NAT64, 6to4) are
/// judged by the IPv4 address they carry, since that is where the packets end up.
public enum AddressRange: String, Sendable {
    case global
    case loopback
    case privateNetwork = "private"
    case linkLocal = "link-local"
    case cloudMetadata = "cloud metadata"
    case reserved
    case multicast
    case unspecified
}

extension IPAddress {
    public var range: AddressRange {
        isIPv6 ? Self.range(ofIPv6: bytes) : Self.range(ofIPv4: bytes[0], bytes[1], bytes[2], bytes[3])
    }

    private static func range(ofIPv4 a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> AddressRange {
        switch (a, b, c, d) {
        case (169, 254, 169, 254), (100, 100, 100, 200), (192, 0, 0, 192): return .cloudMetadata
        case (0, _, _, _): return .unspecified
        case (127, _, _, _): return .loopback
        case (10, _, _, _), (172, 16...31, _, _), (192, 168, _, _), (100, 64...127, _, _): return .privateNetwork
        case (169, 254, _, _): return .linkLocal
        case (192, 0, 0, _), (192, 0, 2, _), (198, 18...19, _, _), (198, 51, 100, _), (203, 0, 113, _), (192, 88, 99, _):
            return .reserved
        case (224...239, _, _, _): return .multicast
        case (240...255, _, _, _): return .reserved
        default: return .global
        }
    }

    private static func range(ofIPv6 bytes: [UInt8]) -> AddressRange {
        func isZero(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 == 0 } }
        func embeddedIPv4(at offset: Int) -> AddressRange {
            range(ofIPv4: bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3])
        }
        if isZero(0..<16) { return .unspecified }
        if isZero(0..<15) && bytes[15] == 1 { return .loopback }
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (the deprecated IPv4-compatible form).
        if isZero(0..<10) && ((bytes[10] == 0xff && bytes[11] == 0xff) || (bytes[10] == 0 && bytes[11] == 0)) {
            return embeddedIPv4(at: 12)
        }
        // 64:ff9b::/96, the well-known NAT64 prefix: the gateway connects to the IPv4 address inside.
        if bytes[0...3] == [0x00, 0x64, 0xff, 0x9b] && isZero(4..<12) { return embeddedIPv4(at: 12) }
        // 64:ff9b:1::/48, NAT64 for local use: translates into whatever network the operator routes.
        if bytes[0...5] == [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01] { return .privateNetwork }
        // 2002::/16, 6to4: the relay forwards to the IPv4 address in bytes 2-5.
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return embeddedIPv4(at: 2) }
        // 2001::/32 (Teredo) hides its IPv4 endpoint; 2001:db8::/32 is documentation; 100::/64 discards.
        if bytes[0...3] == [0x20, 0x01, 0x00, 0x00] || bytes[0...3] == [0x20, 0x01, 0x0d, 0xb8] { return .reserved }
        if bytes[0] == 0x01 && bytes[1] == 0x00 && isZero(2..<8) { return .reserved }
        // fd00:ec2::254, the AWS instance metadata service over IPv6.
        if bytes == [0xfd, 0x00, 0x0e, 0xc2] + [UInt8](repeating: 0, count: 10) + [0x02, 0x54] { return .cloudMetadata }
        if bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80 { return .linkLocal }
        // fec0::/10 (site-local, deprecated but still routed by some stacks) and fc00::/7 (unique local).
        if bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0xc0 { return .privateNetwork }
        if (bytes[0] & 0xfe) == 0xfc { return .privateNetwork }
        if bytes[0] == 0xff { return .multicast }
        return .global
    }
}

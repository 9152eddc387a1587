import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Which hosts the ingestion workers may fetch from. Tenants name the URLs, so by default the
/// workers refuse anything that resolves to loopback, private, link-local (cloud metadata),
/// carrier-grade NAT, multicast or unspecified addresses: a tenant must not reach our database,
/// our admin ports or a cloud metadata endpoint through us.
public struct OutboundPolicy: Sendable {
    public var allowLoopback: Bool
    public var allowPrivate: Bool

    public init(allowLoopback: Bool = false, allowPrivate: Bool = false) {
        self.allowLoopback = allowLoopback
        self.allowPrivate = allowPrivate
    }

    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    /// Resolves `host` and checks every address it resolves to.
    func check(host: String, port: Int) async throws {
        let addresses = try await Self.resolve(host: host, port: port)
        guard !addresses.isEmpty else { throw Refused(description: "\(host) does not resolve") }
        for address in addresses {
            if let reason = refusal(for: address) {
                throw Refused(description: "\(host) resolves to \(address), a \(reason) address, which locations may not use")
            }
        }
    }

    func refusal(for address: String) -> String? {
        if let v4 = IPv4(address) {
            if v4.isLoopback { return allowLoopback ? nil : "loopback" }
            if v4.isPrivate { return allowPrivate ? nil : "private" }
            if v4.isLinkLocal { return "link-local" }
            if v4.isReserved { return "reserved" }
            return nil
        }
        let lower = address.lowercased()
        if lower == "::1" { return allowLoopback ? nil : "loopback" }
        if lower == "::" { return "unspecified" }
        if lower.hasPrefix("::ffff:"), let mapped = IPv4(String(lower.dropFirst(7))) {
            return refusal(for: mapped.text)
        }
        if lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb") { return "link-local" }
        if lower.hasPrefix("fc") || lower.hasPrefix("fd") { return allowPrivate ? nil : "private" }
        if lower.hasPrefix("ff") { return "multicast" }
        return nil
    }

    struct IPv4 {
        let octets: [UInt8]
        let text: String

        init?(_ text: String) {
            let parts = text.split(separator: ".")
            guard parts.count == 4 else { return nil }
            var octets: [UInt8] = []
            for part in parts {
                guard let value = UInt8(part) else { return nil }
                octets.append(value)
            }
            self.octets = octets
            self.text = text
        }

        var isLoopback: Bool { octets[0] == 127 }
        var isPrivate: Bool {
            octets[0] == 10 || (octets[0] == 172 && (16...31).contains(octets[1])) || (octets[0] == 192 && octets[1] == 168)
                || (octets[0] == 100 && (64...127).contains(octets[1]))
        }
        var isLinkLocal: Bool { octets[0] == 169 && octets[1] == 254 }
        var isReserved: Bool { octets[0] == 0 || octets[0] >= 224 }
    }

    /// getaddrinfo on NIO's thread pool, so a slow resolver never blocks the async threads.
    static func resolve(host: String, port: Int) async throws -> [String] {
        if IPv4(host) != nil { return [host] }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(bare, String(port), &hints, &result)
            guard status == 0, let first = result else { throw Refused(description: "\(host) does not resolve") }
            defer { freeaddrinfo(first) }
            var addresses: [String] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let entry = cursor {
                var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                    addresses.append(String(cString: buffer))
                }
                cursor = entry.pointee.ai_next
            }
            return addresses
        }
    }
}

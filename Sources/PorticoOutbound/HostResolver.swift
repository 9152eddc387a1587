import PorticoCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a URL's host into the addresses a connection could use. Tests give their own resolver to
/// play a DNS server that changes its answer between two lookups.
public protocol HostResolver: Sendable {
    func addresses(of host: String) async throws -> [IPAddress]
}

/// The C library's resolver, on NIO's thread pool so a slow lookup never blocks an event loop. It
/// also reads every numeric form the C library accepts (`0177.0.0.1`, `0x7f.1`, `127.1`,
/// `2130706433`) into the address it really means.
public struct SystemHostResolver: HostResolver {
    public struct Unresolvable: Error {
        public init() {}
    }

    public init() {}

    public func addresses(of host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { throw Unresolvable() }
            defer { freeaddrinfo(first) }
            var addresses: [IPAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let entry = cursor {
                var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0,
                   let address = IPAddress(String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)), !addresses.contains(address) {
                    addresses.append(address)
                }
                cursor = entry.pointee.ai_next
            }
            return addresses
        }
    }
}

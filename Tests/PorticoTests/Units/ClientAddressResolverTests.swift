import PorticoCore
import Testing
@testable import PorticoGateway

/// The one helper that says who the client is, for every per-address limit.
@Suite struct ClientAddressResolverTests {
    func address(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }

    @Test func ipv6AddressesShareABucketPerSlash64() throws {
        let one = try address("2001:db8:1:2::1")
        let two = try address("2001:db8:1:2:ffff:ffff:ffff:ffff")
        let elsewhere = try address("2001:db8:1:3::1")
        #expect(one.rateLimitKey == two.rateLimitKey)
        #expect(one.rateLimitKey == "2001:db8:1:2::/64")
        #expect(one.rateLimitKey != elsewhere.rateLimitKey)
        #expect(try address("192.0.2.1").rateLimitKey == "192.0.2.1")
        #expect(try address("192.0.2.1").rateLimitKey != address("192.0.2.2").rateLimitKey)
        #expect(try address("::ffff:192.0.2.1").rateLimitKey == "192.0.2.1", "an IPv4-mapped address is its IPv4 address")
    }

    @Test func blocksContainTheirAddresses() throws {
        let block = try #require(CIDRBlock("10.0.0.0/8"))
        #expect(block.contains(try address("10.255.0.1")))
        #expect(!block.contains(try address("11.0.0.1")))
        #expect(!block.contains(try address("::ffff:b00:1")))
        let v6 = try #require(CIDRBlock("fd00::/8"))
        #expect(v6.contains(try address("fd12:3456::1")))
        #expect(!v6.contains(try address("fe80::1")))
        #expect(try #require(CIDRBlock("192.0.2.5")).contains(address("192.0.2.5")))
        #expect(try #require(CIDRBlock("192.0.2.0/23")).contains(address("192.0.3.255")))
        for bad in ["", "10.0.0.0/33", "fd00::/129", "10.0.0.0/-1", "10.0.0/8", "example.com", "10.0.0.0/8/8"] {
            #expect(CIDRBlock(bad) == nil, "\(bad)")
        }
    }

    @Test func forwardedForIsReadRightToLeftOnlyPastTrustedHops() throws {
        let resolver = ClientAddressResolver(trustedProxies: [try #require(CIDRBlock("10.0.0.0/8")), try #require(CIDRBlock("::1"))])
        let proxy = try address("10.0.0.2")
        let stranger = try address("198.51.100.9")
        #expect(resolver.resolve(peer: stranger, forwardedFor: ["203.0.113.1"]) == stranger, "an untrusted peer's header is ignored")
        #expect(resolver.resolve(peer: proxy, forwardedFor: []) == proxy)
        #expect(resolver.resolve(peer: proxy, forwardedFor: ["203.0.113.1"]) == (try address("203.0.113.1")))
        #expect(resolver.resolve(peer: proxy, forwardedFor: ["6.6.6.6, 203.0.113.1, 10.0.0.7"]) == (try address("203.0.113.1")))
        #expect(resolver.resolve(peer: proxy, forwardedFor: ["6.6.6.6", "203.0.113.1:4711"]) == (try address("203.0.113.1")))
        #expect(resolver.resolve(peer: try address("::1"), forwardedFor: ["[2001:db8::5]:443"]) == (try address("2001:db8::5")))
        #expect(resolver.resolve(peer: proxy, forwardedFor: ["garbage"]) == proxy, "an unreadable hop stops the walk")
        #expect(ClientAddressResolver().resolve(peer: proxy, forwardedFor: ["203.0.113.1"]) == proxy, "no proxies trusted by default")
    }
}

import PorticoCore
import PorticoOutbound
import Testing

/// What the guard judges is the address the C library would connect to, whatever the URL spells.
struct OutboundAddressTests {
    let strict = OutboundPolicy()
    let open = OutboundPolicy(allowLoopback: true, allowPrivate: true)

    @Test(arguments: [
        ("0177.0.0.1", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("127.1", "127.0.0.1"), ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"), ("012.0.0.1", "10.0.0.1"), ("0300.0250.0.1", "192.168.0.1"),
    ])
    func nonCanonicalIPv4IsResolvedToTheAddressItMeans(spelled: String, means: String) async throws {
        let addresses = try await SystemHostResolver().addresses(of: spelled)
        #expect(addresses == [IPAddress(means)!])
        #expect(strict.refusal(for: addresses[0]) != nil, "\(spelled)")
    }

    @Test(arguments: [
        ("127.0.0.1", AddressRange.loopback), ("10.1.2.3", .privateNetwork), ("172.20.0.1", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("100.64.0.1", .privateNetwork), ("169.254.1.1", .linkLocal),
        ("169.254.169.254", .cloudMetadata), ("100.100.100.200", .cloudMetadata), ("0.0.0.0", .unspecified),
        ("224.0.0.1", .multicast), ("255.255.255.255", .reserved), ("192.0.2.1", .reserved),
        ("::1", .loopback), ("::", .unspecified), ("::ffff:127.0.0.1", .loopback), ("::ffff:10.0.0.1", .privateNetwork),
        ("::127.0.0.1", .loopback), ("::169.254.169.254", .cloudMetadata), ("64:ff9b::7f00:1", .loopback),
        ("64:ff9b::a9fe:a9fe", .cloudMetadata), ("64:ff9b:1::1", .privateNetwork), ("2002:7f00:1::1", .loopback),
        ("2002:0a00:0001::1", .privateNetwork), ("fec0::1", .privateNetwork), ("fc00::1", .privateNetwork),
        ("fd12:3456::1", .privateNetwork), ("fd00:ec2::254", .cloudMetadata), ("fe80::1", .linkLocal),
        ("ff02::1", .multicast), ("2001:db8::1", .reserved), ("2001:0:4136:e378::1", .reserved),
        ("8.8.8.8", .global), ("2606:4700:4700::1111", .global), ("::ffff:8.8.8.8", .global),
    ])
    func rangeOfAddress(text: String, range: AddressRange) throws {
        let address = try #require(IPAddress(text))
        #expect(address.range == range)
    }

    @Test func allowPrivateNeverOpensLinkLocalOrMetadata() throws {
        for text in ["169.254.169.254", "fd00:ec2::254", "fe80::1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "100.100.100.200"] {
            #expect(open.refusal(for: try #require(IPAddress(text))) != nil, "\(text)")
        }
        #expect(open.refusal(for: try #require(IPAddress("10.0.0.1"))) == nil)
        #expect(open.refusal(for: try #require(IPAddress("fd12::1"))) == nil)
        #expect(open.refusal(for: try #require(IPAddress("127.0.0.1"))) == nil)
    }

    @Test func onlyStrictNumericFormsAreAddresses() {
        #expect(IPAddress("0177.0.0.1") == nil)
        #expect(IPAddress("127.1") == nil)
        #expect(IPAddress("example.com") == nil)
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import PorticoCore
import Testing
@testable import PorticoApp

/// Per-address limits (signups, failed credentials) key on the client address: `X-Forwarded-For`
/// counts only when the connection comes from a trusted proxy. The test client connects from
/// loopback, which plays the proxy when trusted.
@Suite struct ClientAddressTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    static func signUp(_ client: some TestClientProtocol, forwardedFor: String) async throws -> HTTPResponse.Status {
        try await client.call(.post, "/v1/signups", json: [
            "organization": "Org", "slug": TestTenants.uniqueSlug("xff"), "adminEmail": "a@b.example",
        ], headers: [Self.forwardedFor: forwardedFor]).status
    }

    @Test func aSpoofedForwardedForFromAnUntrustedPeerDoesNotEscapeTheLimits() async throws {
        try await TestDatabase.withShared(overrides: ["provisioning.signupsPerMinute": "3", "auth.failedAttemptsPerMinute": "3"]) { runtime in
            try await LiveServer.with(runtime) { client in
                var statuses: [HTTPResponse.Status] = []
                for index in 1...5 {
                    statuses.append(try await Self.signUp(client, forwardedFor: "203.0.113.\(index)"))
                }
                #expect(statuses.prefix(3).allSatisfy { $0 == .accepted })
                #expect(statuses.last == .tooManyRequests)

                var codes: [String?] = []
                for index in 1...5 {
                    let response = try await client.call(
                        .get, "/v1/tenant", token: SecretToken.generate(.apiKey).value,
                        headers: [Self.forwardedFor: "198.51.100.\(index)"])
                    codes.append(response.code)
                }
                #expect(codes.last == "too_many_failed_attempts")
            }
        }
    }

    @Test func aTrustedProxysForwardedForIsTheClient() async throws {
        try await TestDatabase.withShared(overrides: ["provisioning.signupsPerMinute": "3", "http.trustedProxies": "127.0.0.0/8, ::1"]) { runtime in
            try await LiveServer.with(runtime) { client in
                // Five clients behind the proxy: each has a budget of its own.
                for index in 1...5 {
                    #expect(try await Self.signUp(client, forwardedFor: "203.0.113.\(index)") == .accepted)
                }
                // The client is the rightmost untrusted hop; what it claims to its left is ignored.
                var statuses: [HTTPResponse.Status] = []
                for index in 1...4 {
                    statuses.append(try await Self.signUp(client, forwardedFor: "10.9.9.\(index), 192.0.2.7"))
                }
                #expect(statuses == [.accepted, .accepted, .accepted, .tooManyRequests])

                // Addresses in one IPv6 /64 share a budget; the next /64 has its own.
                var sameNetwork: [HTTPResponse.Status] = []
                for suffix in ["::1", "::2", "::ffff:1", "::abcd"] {
                    sameNetwork.append(try await Self.signUp(client, forwardedFor: "2001:db8:7:1\(suffix)"))
                }
                #expect(sameNetwork == [.accepted, .accepted, .accepted, .tooManyRequests])
                #expect(try await Self.signUp(client, forwardedFor: "2001:db8:7:2::1") == .accepted)
            }
        }
    }
}

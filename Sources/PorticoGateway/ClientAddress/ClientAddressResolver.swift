import PorticoCore
/// The caller's address, as every per-address limit (signups, failed credentials) sees it.
///
/// `X-Forwarded-For` is anyone's to write, so it is read only when the connection comes from a
/// configured trusted proxy, and then right to left: each hop was appended by the proxy to its
/// right, so it is believed only while that proxy is trusted. The first hop not vouched for this
/// way is the client.
public struct ClientAddressResolver: Sendable {
    public let trustedProxies: [CIDRBlock]

    public init(trustedProxies: [CIDRBlock] = []) {
        self.trustedProxies = trustedProxies
    }

    /// - Parameters:
    ///   - peer: the address the connection comes from.
    ///   - forwardedFor: every `X-Forwarded-For` field of the request, in order.
    public func resolve(peer: IPAddress?, forwardedFor: [String]) -> IPAddress? {
        guard var client = peer, !trustedProxies.isEmpty else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
        for hop in hops.reversed() {
            guard isTrusted(client), let address = IPAddress(forwardedHop: hop) else { break }
            client = address
        }
        return client
    }

    func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}

import PorticoCore

/// Which addresses a tenant-given URL may make us connect to. By default only global addresses:
/// a tenant must not reach our database, our admin ports or a cloud metadata endpoint through us.
/// Loopback and private networks can be opened for local development or a private deployment;
/// link-local, metadata, multicast and reserved addresses never are.
public struct OutboundPolicy: Sendable {
    public var allowLoopback: Bool
    public var allowPrivate: Bool

    public init(allowLoopback: Bool = false, allowPrivate: Bool = false) {
        self.allowLoopback = allowLoopback
        self.allowPrivate = allowPrivate
    }

    /// The range that makes `address` off limits, or nil when it may be used.
    public func refusal(for address: IPAddress) -> AddressRange? {
        switch address.range {
        case .global: return nil
        case .loopback: return allowLoopback ? nil : .loopback
        case .privateNetwork: return allowPrivate ? nil : .privateNetwork
        case let other: return other
        }
    }
}

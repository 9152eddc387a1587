import Foundation
import PorticoCore

extension IPAddress {
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

    /// What per-address limits count against: the address itself for IPv4, its /64 for IPv6,
    /// since one subscriber routinely holds a whole /64 and could otherwise take a fresh budget per address.
    public var rateLimitKey: String {
        guard isIPv6 else { return description }
        return IPAddress(bytes: Array(bytes.prefix(8)) + Array(repeating: 0, count: 8)).description + "/64"
    }
}

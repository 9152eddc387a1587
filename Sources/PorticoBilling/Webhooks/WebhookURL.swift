import Foundation
import PorticoCore

/// The checks of an endpoint's URL when it is given: absolute http(s), at most 2,000 characters,
/// no credentials, and not a literal internal address or `localhost`. Names are not resolved here:
/// the outbound guard checks what a name resolves to at every delivery.
enum WebhookURL {
    static let maximumCharacters = 2_000

    static func validated(_ text: String, field: String = "url") throws -> String {
        guard text.count <= maximumCharacters else {
            throw PorticoError.validation("'\(field)' must be at most \(maximumCharacters) characters.", field: field)
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw PorticoError.validation("'\(field)' must be an absolute http(s) URL.", field: field)
        }
        guard url.user == nil, url.password == nil else {
            throw PorticoError.validation("'\(field)' must not hold credentials; the signature authenticates deliveries.", field: field)
        }
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let lowercased = bareHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if lowercased == "localhost" || lowercased.hasSuffix(".localhost") || IPAddress(bareHost).map(isInternal) == true {
            throw PorticoError.validation(
                "'\(field)' must be reachable on the internet, not a loopback, private or link-local address.", field: field)
        }
        return text
    }

    /// Loopback, private, link-local (cloud metadata among them) and unspecified addresses: the
    /// ones a tenant could use to point deliveries at our own network.
    private static func isInternal(_ address: IPAddress) -> Bool {
        let b = address.bytes
        if address.isIPv6 {
            let allZeroButLast = b.prefix(15).allSatisfy { $0 == 0 }
            return (allZeroButLast && b[15] <= 1) || (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0x80) == 0x80)
        }
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168), (172, 16...31), (100, 64...127): return true
        default: return false
        }
    }
}

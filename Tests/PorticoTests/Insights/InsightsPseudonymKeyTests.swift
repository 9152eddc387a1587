import Crypto
import Foundation
import PorticoCore
import Testing
@testable import PorticoInsights

/// Pseudonyms made from precomputed HMAC pad states must be the ones `HMAC<SHA256>` made, or a
/// user would be counted twice across the change.
@Suite struct InsightsPseudonymKeyTests {
    @Test func pseudonymsAreTheHMACOfTheRef() {
        var generator = SeededGenerator(state: 3)
        for size in [16, 32, 64, 65, 100] {
            let secret = SymmetricKey(data: (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let key = PseudonymKey(secret: secret)
            for ref in ["user:default/ana", "User:Default/ÄNA", "", String(repeating: "x", count: 300)] {
                let mac = HMAC<SHA256>.authenticationCode(for: Data(ref.lowercased().utf8), using: secret)
                #expect(key.pseudonym(for: ref) == "p:" + Data(mac).prefix(16).hexEncoded, "\(size) \(ref)")
            }
        }
    }
}

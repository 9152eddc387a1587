import Crypto
import PorticoCore

/// A tenant's user pseudonyms: `p:` and 32 hex digits of HMAC-SHA256(secret, lowercased ref).
/// The key's two padded blocks are hashed once, when the settings are loaded, and their hash
/// states copied for each ref (RFC 2104); `HMAC<SHA256>` would hash them again for every ref.
struct PseudonymKey: Sendable {
    private let inner: SHA256
    private let outer: SHA256

    init(secret: SymmetricKey) {
        let blockSize = SHA256.blockByteCount
        var key = secret.withUnsafeBytes { Array($0) }
        if key.count > blockSize { key = Array(SHA256.hash(data: key)) }
        key += repeatElement(0, count: blockSize - key.count)
        var inner = SHA256(), outer = SHA256()
        inner.update(data: key.map { $0 ^ 0x36 })
        outer.update(data: key.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    func pseudonym(for ref: String) -> String {
        var innerHash = inner
        var ref = ref.lowercased()
        ref.withUTF8 { innerHash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var outerHash = outer
        innerHash.finalize().withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        return "p:" + outerHash.finalize().prefix(16).hexEncoded
    }
}

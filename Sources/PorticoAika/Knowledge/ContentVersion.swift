import Crypto
import Foundation

/// A version that changes when any of the parts changes: SHA-256 of the parts, each preceded
/// by its length so no two different lists of parts hash alike.
enum ContentVersion {
    static func of(_ parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Data("\(part.utf8.count):".utf8))
            hasher.update(data: Data(part.utf8))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

import Crypto
import Foundation

/// The `webhook-signature` header of the Standard Webhooks specification: `v1,` and the base64 of
/// HMAC-SHA256 over `"<id>.<timestamp>.<body>"`, one per secret that signs (two during a rotation),
/// separated by spaces, so receivers holding either secret accept the message.
enum StandardWebhookSignature {
    static func header(id: String, timestamp: Int, body: [UInt8], secrets: [WebhookSecret]) -> String {
        var signed = Array("\(id).\(timestamp).".utf8)
        signed.append(contentsOf: body)
        return secrets.compactMap(\.key).map { key in
            "v1," + Data(HMAC<SHA256>.authenticationCode(for: signed, using: key)).base64EncodedString()
        }.joined(separator: " ")
    }
}

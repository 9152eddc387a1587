import Foundation

/// Verifies a Standard Webhooks signature the way a receiver would, in Python's standard library
/// (`hmac`, `hashlib`, `base64`): nothing of Portico's signing code is involved.
enum IndependentSignatureCheck {
    static let script = #"""
        import base64, hashlib, hmac, json, sys
        m = json.load(sys.stdin)
        secret = m["secret"]
        assert secret.startswith("whsec_")
        key = base64.b64decode(secret[len("whsec_"):])
        signed = m["id"].encode() + b"." + m["timestamp"].encode() + b"." + base64.b64decode(m["body"])
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        given = [part.split(",", 1)[1] for part in m["signature"].split(" ") if part.startswith("v1,")]
        print("valid" if any(hmac.compare_digest(expected, g) for g in given) else "invalid")
        """#

    /// True when one of the request's signatures is the HMAC of its id, timestamp and body under `secret`.
    static func verifies(_ request: WebhookReceiver.Received, secret: String) async throws -> Bool {
        let input: [String: String] = [
            "secret": secret, "id": request.id ?? "", "timestamp": request.timestamp ?? "",
            "signature": request.signature ?? "", "body": Data(request.body).base64EncodedString(),
        ]
        let finished = try await ChildProcess.run(["python3", "-c", script], input: try JSONSerialization.data(withJSONObject: input))
        guard finished.status == 0 else { throw PythonFailed(status: finished.status) }
        return finished.text.trimmingCharacters(in: .whitespacesAndNewlines) == "valid"
    }

    struct PythonFailed: Error {
        let status: Int32
    }
}

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
    static func verifies(_ request: WebhookReceiver.Received, secret: String) throws -> Bool {
        let input: [String: String] = [
            "secret": secret, "id": request.id ?? "", "timestamp": request.timestamp ?? "",
            "signature": request.signature ?? "", "body": Data(request.body).base64EncodedString(),
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonFailed(status: process.terminationStatus) }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "valid"
    }

    struct PythonFailed: Error {
        let status: Int32
    }
}

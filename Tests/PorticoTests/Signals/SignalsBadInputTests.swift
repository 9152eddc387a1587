import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import PorticoApp

/// Deliveries that must change nothing: bad signatures, oversized bodies, NUL bytes, malformed
/// JSON, unknown hooks; each a problem+json with a stable code.
@Suite struct SignalsBadInputTests {
    @Test func badSignaturesAreRefusedAndStoreNothing() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("payments", github: "acme/payments")], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            let body = ProviderPayloads.workflowRun(status: "completed", conclusion: "success")
            let good = try await SignalsTesting.githubSignature(body, secret: hook.secret)
            var flipped = Array(good)
            flipped[flipped.count - 1] = flipped.last == "0" ? "1" : "0"
            let signatures: [String?] = [
                nil, "", "sha256=", String(flipped), "sha1=" + good.dropFirst(7), good.uppercased(),
                try await SignalsTesting.githubSignature(body, secret: "whsec_wrong"), good + "00", "sha256=zz" + good.dropFirst(9),
            ]
            for signature in signatures {
                var headers: HTTPFields = [HTTPField.Name("X-GitHub-Event")!: "workflow_run", .contentType: "application/json"]
                if let signature { headers[HTTPField.Name("X-Hub-Signature-256")!] = signature }
                let refused = try await client.execute(uri: hook.path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
                #expect(refused.status == .unauthorized, "\(signature ?? "none")")
                #expect(refused.code == "invalid_signature")
                #expect(refused.headers[.contentType] == "application/problem+json")
            }
            // A body changed after signing.
            let tampered = Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "success", with: "failure").utf8)
            let changed = try await client.deliverGitHub(tampered, to: hook.path, secret: hook.secret, signature: good)
            #expect(changed.status == .unauthorized)
            #expect(try await runtime.signalsRowCount(a.id) == 0)
            // A rotated secret: the old one stops working.
            let rotated = try await client.call(.post, "/api/signals/webhooks/\(hook.id)/rotate", token: a.apiKey)
            #expect(rotated.status == .ok)
            let newSecret = try #require(rotated.json["secret"] as? String)
            #expect(newSecret != hook.secret)
            #expect(try await client.deliverGitHub(body, to: hook.path, secret: hook.secret).status == .unauthorized)
            #expect(try await client.deliverGitHub(body, to: hook.path, secret: newSecret).status == .ok)
        }
    }

    @Test func oversizedNULAndMalformedBodiesGetStableCodes() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("payments", github: "acme/payments")], token: a.apiKey)
            let hook = try await client.createHook("github", token: a.apiKey)
            // Ten megabytes: a valid payload padded with a long field, correctly signed.
            var huge = String(decoding: ProviderPayloads.workflowRun(status: "completed", conclusion: "success"), as: UTF8.self)
            huge.removeLast()
            huge += #","padding":""# + String(repeating: "x", count: 10 << 20) + #""}"#
            let tooLarge = try await client.deliverGitHub(Data(huge.utf8), to: hook.path, secret: hook.secret)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.code == "payload_too_large")
            #expect((tooLarge.json["detail"] as? String)?.contains("1048576 bytes") == true)

            let withNUL = Data(String(decoding: ProviderPayloads.workflowRun(workflow: "CI\u{0}", status: "completed", conclusion: "success"), as: UTF8.self).utf8)
            let nul = try await client.deliverGitHub(withNUL, to: hook.path, secret: hook.secret)
            #expect(nul.status == .badRequest)
            #expect(nul.code == "nul_byte")
            // A raw NUL byte, and an escaped one that ends the body, are found before any parsing.
            for body in [Data(#"{"workflow_run": {"name": "CI"#.utf8) + Data([0]) + Data(#""}}"#.utf8), Data(#"{"name": "\u0000"#.utf8)] {
                let refused = try await client.deliverGitHub(body, to: hook.path, secret: hook.secret)
                #expect(refused.code == "nul_byte", "\(refused.json)")
            }

            let malformed = try await client.deliverGitHub(Data(#"{"workflow_run": {"id": 1,"#.utf8), to: hook.path, secret: hook.secret)
            #expect(malformed.status == .badRequest)
            #expect(malformed.code == "malformed_json")
            // Malformed where nothing is read (a run reads a few members of a large payload).
            var noisy = String(decoding: ProviderPayloads.workflowRun(status: "completed", conclusion: "success"), as: UTF8.self)
            noisy.insert(contentsOf: #""noise": [1,, 2], "#, at: noisy.index(after: noisy.startIndex))
            let unreadFault = try await client.deliverGitHub(Data(noisy.utf8), to: hook.path, secret: hook.secret)
            #expect(unreadFault.code == "malformed_json", "\(unreadFault.json)")

            let missing = try await client.deliverGitHub(Data(#"{"workflow_run": {"id": 1}, "repository": {"full_name": "acme/payments"}}"#.utf8),
                                                         to: hook.path, secret: hook.secret)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.code == "validation_failed")
            #expect(missing.json["field"] as? String == "workflow_run.status")

            let badDate = try await client.deliverGitHub(
                ProviderPayloads.workflowRun(status: "completed", conclusion: "success", created: "last tuesday"), to: hook.path, secret: hook.secret)
            #expect(badDate.status == .unprocessableContent)
            #expect(badDate.code == "invalid_payload")
            #expect(badDate.json["field"] as? String == "workflow_run.created_at")

            let ignored = try await client.deliverGitHub(Data(#"{"zen": "Keep it logically awesome.", "hook_id": 1}"#.utf8), to: hook.path,
                                                         secret: hook.secret, event: "ping")
            #expect(ignored.status == .accepted)
            #expect(ignored.json["status"] as? String == "ignored")
            #expect(try await runtime.signalsRowCount(a.id) == 0)

            // A backslash written escaped before `u0000` is text, not a NUL.
            let text = try await client.deliverGitHub(
                ProviderPayloads.workflowRun(workflow: #"CI\u0000"#, status: "completed", conclusion: "success"), to: hook.path, secret: hook.secret)
            #expect(text.status == .ok, "\(text.json)")
            #expect(try await runtime.signalsRowCount(a.id) > 0)

            let unknown = try await client.deliverGitHub(Data("{}".utf8), to: "/api/signals/hooks/\(UUID())", secret: "x")
            #expect(unknown.status == .notFound)
            let notAnID = try await client.deliverGitHub(Data("{}".utf8), to: "/api/signals/hooks/not-a-hook", secret: "x")
            #expect(notAnID.status == .notFound)
        }
    }

    @Test func aGenericRunIsStrictlyChecked() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            let hook = try await client.createHook("generic", token: a.apiKey)
            let bodies: [(String, String)] = [
                (#"{"entityRef":"component:default/x","runId":"1","workflow":"ci","status":"done","createdAt":"2026-01-01T00:00:00Z"}"#, "status"),
                (#"{"entityRef":"component:default/x","runId":"1","workflow":"ci","status":"completed","createdAt":"2026-01-01T00:00:00Z"}"#, "conclusion"),
                (#"{"runId":"1","workflow":"ci","status":"queued","createdAt":"2026-01-01T00:00:00Z"}"#, "repository"),
                (#"{"entityRef":"component:default/x","runId":"1","workflow":"ci","status":"queued","createdAt":"2026-01-01T00:00:00Z","colour":"red"}"#, "colour"),
            ]
            for (text, field) in bodies {
                let body = Data(text.utf8)
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[HTTPField.Name("X-Hub-Signature-256")!] = try await SignalsTesting.githubSignature(body, secret: hook.secret)
                let refused = try await client.execute(uri: hook.path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
                #expect(refused.status == .unprocessableContent, "\(text)")
                #expect(refused.json["field"] as? String == field, "\(refused.json)")
            }
            #expect(try await runtime.signalsRowCount(a.id) == 0)
        }
    }

    @Test func hookAndClusterRequestsAreChecked() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            let provider = try await client.call(.post, "/api/signals/webhooks", token: a.apiKey, json: ["provider": "bitbucket"])
            #expect(provider.status == .unprocessableContent)
            #expect(provider.json["field"] as? String == "provider")
            let extra = try await client.call(.post, "/api/signals/webhooks", token: a.apiKey, json: ["provider": "github", "secret": "mine"])
            #expect(extra.json["field"] as? String == "secret")
            let noToken = try await client.call(.post, "/api/signals/clusters", token: a.apiKey, json: ["name": "prod", "apiUrl": "https://k8s.example.com"])
            #expect(noToken.status == .unprocessableContent)
            #expect(noToken.json["field"] as? String == "token")
            let badName = try await client.call(.post, "/api/signals/clusters", token: a.apiKey, json: ["name": "Prod Cluster", "mode": "push"])
            #expect(badName.json["field"] as? String == "name")
            let settings = try await client.call(.put, "/api/signals/settings", token: a.apiKey, json: ["costEntityTag": ""])
            #expect(settings.status == .unprocessableContent)
            let badRef = try await client.call(.get, "/api/signals/entities/component/default/a%20b", token: a.apiKey)
            #expect(badRef.status == .badRequest)
            let missing = try await client.call(.get, "/api/signals/entities/component/default/nothing", token: a.apiKey)
            #expect(missing.status == .notFound)
            #expect(missing.code == "entity_not_found")
        }
    }
}

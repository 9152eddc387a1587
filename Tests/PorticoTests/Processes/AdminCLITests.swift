import Foundation
import PorticoStore
import Testing
@testable import PorticoApp

/// `portico admin …` against a real `serve`: tables, `--json`, and exit codes scripts can trust.
@Suite(.serialized) struct AdminCLITests {
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    static func admin(_ arguments: [String], url: String, token: String?) async throws -> Run {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PORTICO_") }
        environment["PORTICO_URL"] = url
        environment["PORTICO_OPERATOR_TOKEN"] = token
        let finished = try await ChildProcess.run(["admin"] + arguments, executable: TestEnvironment.porticoBinary, environment: environment)
        return Run(status: finished.status, output: finished.text, errors: String(decoding: finished.errors, as: UTF8.self))
    }

    @Test func adminCommandsPrintTablesJSONAndMeaningfulExitCodes() async throws {
        try await TestDatabase.withFreshMigrated { url, runtime in
            let token = try await TestTenants.createOperator(runtime)
            let tenant = try await TestTenants.create(runtime)
            let (server, base) = try await PorticoProcess.serve(databaseURL: url)
            defer { server.stop() }

            let list = try await Self.admin(["tenants", "list"], url: base, token: token)
            #expect(list.status == 0)
            #expect(list.output.hasPrefix("ID"))
            #expect(list.output.contains(tenant.slug))

            let json = try await Self.admin(["tenants", "show", tenant.slug, "--json"], url: base, token: token)
            #expect(json.status == 0)
            let shown = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect(shown?["id"] as? String == tenant.id.description)

            let issued = try await Self.admin(["keys", "issue", tenant.slug, "--name", "bot", "--scope", "catalog:read", "--json"], url: base, token: token)
            #expect(issued.status == 0)
            #expect(issued.output.contains("pk_live_"))

            let suspended = try await Self.admin(["tenants", "suspend", tenant.slug, "--reason", "test"], url: base, token: token)
            #expect(suspended.status == 0)
            #expect(suspended.output.contains("suspended"))
            let again = try await Self.admin(["tenants", "suspend", tenant.slug], url: base, token: token)
            #expect(again.status == 1)
            #expect(again.errors.contains("invalid_tenant_state"))

            let missing = try await Self.admin(["tenants", "show", "no-such-tenant"], url: base, token: token)
            #expect(missing.status == 4)

            let badToken = try await Self.admin(["tenants", "list"], url: base, token: "po_live_wrong")
            #expect(badToken.status == 77)
            #expect(badToken.errors.contains("operator token was refused"))

            let noToken = try await Self.admin(["tenants", "list"], url: base, token: nil)
            #expect(noToken.status == 64)

            let port = try FreePort.find()
            let down = try await Self.admin(["tenants", "list"], url: "http://127.0.0.1:\(port)", token: token)
            #expect(down.status == 69)
            #expect(down.errors.contains("cannot reach Portico"))

            let deleteUnconfirmed = try await Self.admin(["tenants", "delete", tenant.slug], url: base, token: token)
            #expect(deleteUnconfirmed.status == 64)

            let audit = try await Self.admin(["audit"], url: base, token: token)
            #expect(audit.output.contains("tenant.suspend"))
            #expect(audit.output.contains("key.issue"))
        }
    }
}

/// What an operator trying the CLI for the first time needs to see.
extension AdminCLITests {
    @Test func outputIsReadyToCopyAndSaysWhatHappened() async throws {
        try await TestDatabase.withFreshMigrated { url, runtime in
            let token = try await TestTenants.createOperator(runtime)
            let tenant = try await TestTenants.create(runtime)
            let (server, base) = try await PorticoProcess.serve(databaseURL: url)
            defer { server.stop() }

            let issued = try await Self.admin(["keys", "issue", tenant.slug, "--name", "bot", "--scope", "catalog:read", "--json"], url: base, token: token)
            #expect(issued.errors.contains("shown only this once"))
            let key = try #require(try JSONSerialization.jsonObject(with: Data(issued.output.utf8)) as? [String: Any])
            let id = try #require(key["id"] as? String)
            #expect(id == id.lowercased(), "key ids are lowercase like tenant ids")
            let listed = try await Self.admin(["keys", "list", tenant.slug], url: base, token: token)
            #expect(listed.output.contains(id))
            let revoked = try await Self.admin(["keys", "revoke", tenant.slug, id.uppercased()], url: base, token: token)
            #expect(revoked.status == 0, "either case is accepted: \(revoked.errors)")

            let shown = try await Self.admin(["tenants", "show", tenant.slug], url: base, token: token)
            #expect(shown.output.contains("entitlements"))
            #expect(shown.output.contains("limits.requestsPerSecond"))

            let refused = try await Self.admin(["tenants", "list", "--json"], url: base, token: "po_live_wrong")
            #expect(refused.status == 77)
            let error = try JSONSerialization.jsonObject(with: Data(refused.errors.utf8)) as? [String: Any]
            #expect(error?["exitCode"] as? Int == 77)
            #expect((error?["message"] as? String)?.contains(base) == true, "the refusal names the URL the token went to")

            let audit = try await Self.admin(["audit", "--target", tenant.slug], url: base, token: token)
            #expect(audit.output.contains("TENANT"))
            #expect(audit.output.contains(tenant.slug))
            #expect(audit.output.contains("key.issue"))
        }
    }

    @Test func helpFitsEightyColumns() async throws {
        for command in [["--help"], ["tenants", "--help"], ["tenants", "list", "--help"], ["keys", "issue", "--help"]] {
            let help = try await Self.admin(command, url: "http://127.0.0.1:1", token: nil)
            let wide = help.output.split(separator: "\n").filter { $0.count > 80 }
            #expect(wide.isEmpty, "\(command): \(wide)")
        }
    }
}

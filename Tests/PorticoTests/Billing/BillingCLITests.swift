import Foundation
import Testing
@testable import PorticoApp

/// `portico admin billing …` against a real `serve`: a month passes on a test clock, the invoice
/// is listed, shown, marked paid; a new price version is published and a migration dry-run lists
/// the subscriptions it would move.
@Suite(.serialized) struct BillingCLITests {
    @Test func operatorsRunBillingFromTheCommandLine() async throws {
        try await TestDatabase.withFreshMigrated { url, runtime in
            let token = try await TestTenants.createOperator(runtime)
            let tenant = try await TestTenants.create(runtime, plan: "team")
            let (server, base) = try await PorticoProcess.serve(databaseURL: url)
            defer { server.stop() }
            func admin(_ arguments: [String]) async throws -> AdminCLITests.Run {
                try await AdminCLITests.admin(["billing"] + arguments, url: base, token: token)
            }

            #expect(try await admin(["clock", tenant.slug, "--advance-to", "2026-12-20T00:00:00Z"]).status == 0)
            let clock = try await admin(["clock", tenant.slug, "--advance-to", "2027-02-01T02:00:00Z"])
            #expect(clock.status == 0, "\(clock.errors)")
            #expect(clock.output.contains("invoice_finalized"))
            let backwards = try await admin(["clock", tenant.slug, "--advance-to", "2027-01-01T00:00:00Z"])
            #expect(backwards.status == 1)
            #expect(backwards.errors.contains("only moves forward"))

            let list = try await admin(["invoices", "list", "--tenant", tenant.slug, "--status", "open", "--json"])
            #expect(list.status == 0)
            let items = try #require((try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
            let january = try #require(items.first { $0["periodStart"] as? String == "2027-01-01T00:00:00Z" })
            let id = try #require(january["id"] as? String)
            let shown = try await admin(["invoices", "show", id])
            #expect(shown.output.contains("DESCRIPTION"))
            #expect(shown.output.contains("base fee"))
            let paid = try await admin(["invoices", "mark-paid", id])
            #expect(paid.output.contains("is paid"))
            let credit = try await admin(["credit-notes", "create", id, "--amount", "1000", "--reason", "goodwill"])
            #expect(credit.status == 0)
            #expect(credit.output.contains("PORTICO-CN-000001"))

            let audit = try await AdminCLITests.admin(["audit", "--target", tenant.slug], url: base, token: token)
            for action in ["billing.clock.set", "billing.invoice.mark-paid", "billing.credit-note.create"] {
                #expect(audit.output.contains(action), "\(action) is audited")
            }

            let dry = try await admin(["run", "--dry-run"])
            #expect(dry.status == 0)
            #expect(dry.output.contains("dryRun"))

            let prices = FileManager.default.temporaryDirectory.appendingPathComponent("team-v2-\(UUID()).json")
            try Data(#"{"currency": "EUR", "baseFee": 45900, "meters": [{"meter": "seats", "included": 30, "unitSize": 1, "tiers": [{"upTo": null, "unitAmount": 1400}]}]}"#.utf8).write(to: prices)
            let published = try await admin(["plans", "publish-version", "team", "--file", prices.path])
            #expect(published.output.contains("version 2"), "\(published.errors)")
            let migration = try await admin(["plans", "migrate", "team", "--dry-run"])
            #expect(migration.output.contains("would move 1 subscription"))
            #expect(migration.output.contains(tenant.id.description))
            let unchanged = try await admin(["plans", "migrate", "team", "--dry-run", "--json"])
            #expect(unchanged.output.contains("\"dryRun\" : true") || unchanged.output.contains("\"dryRun\": true"))
        }
    }
}

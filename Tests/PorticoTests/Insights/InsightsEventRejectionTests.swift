import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Each event of a batch is checked on its own: a bad one is rejected with its index and a reason,
/// the rest are stored. Hostile text (SQL, unicode, control characters, spreadsheet formulas) that
/// passes is stored and reported as it came, and the CSV export defuses formulas.
@Suite struct InsightsEventRejectionTests {
    @Test func badEventsAreRejectedOneByOneWithTheirReason() async throws {
        let now = Date()
        let at = now.addingTimeInterval(-7_200)
        func event(_ id: String, _ change: (inout [String: Any]) -> Void = { _ in }) -> Any {
            var event = InsightsEvents.event(id: id, at: at, user: "user:default/ana", action: "search", subject: "term-\(id)", value: 2, pluginId: "search")
            change(&event)
            return event
        }
        func context(_ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { event in
                var context = event["context"] as! [String: Any]
                change(&context)
                event["context"] = context
            }
        }
        let sqlish = "'; DROP TABLE insights_events; -- \" OR 1=1"
        let unicode = "überprüfung 検索 🚀 ñandú \u{202E}txet"
        let formula = "=HYPERLINK(\"http://evil.example\",\"click\")"
        let cases: [(event: Any, code: String?)] = [
            (event("ok-plain"), nil),
            (event("no-user") { $0["user"] = nil }, "invalid_event"),
            (event("unknown-field") { $0["userAgent"] = "curl" }, "invalid_event"),
            (event("user-number") { $0["user"] = 5 }, "invalid_event"),
            (event("value-text") { $0["value"] = "5" }, "invalid_event"),
            (event("bad-timestamp") { $0["timestamp"] = "yesterday" }, "invalid_timestamp"),
            (event("timestamp-no-zone") { $0["timestamp"] = "2026-11-02T10:00:00" }, "invalid_timestamp"),
            (event("future") { $0["timestamp"] = now.addingTimeInterval(600).formatted(InsightsEvents.timestampFormat) }, "timestamp_in_future"),
            (event("old") { $0["timestamp"] = now.addingTimeInterval(-36 * 86_400).formatted(InsightsEvents.timestampFormat) }, "timestamp_too_old"),
            (event("bare-user") { $0["user"] = "ana" }, "invalid_user"),
            (event("spaced-user") { $0["user"] = "user:default/ana smith" }, "invalid_user"),
            (event("long-subject") { $0["subject"] = String(repeating: "s", count: 1_025) }, "field_too_long"),
            (event("big-attributes") { $0["attributes"] = ["blob": String(repeating: "a", count: 5_000)] }, "attributes_too_large"),
            (event("nul-subject") { $0["subject"] = "a\u{0}b" }, "invalid_event"),
            (event("nul-attribute") { $0["attributes"] = ["k": "a\u{0}b"] }, "invalid_event"),
            (NSNull(), "invalid_event"),
            (42, "invalid_event"),
            ("an event", "invalid_event"),
            (event("no-plugin") { $0["context"] = ["routeRef": "x"] }, "invalid_event"),
            (event("") { _ in }, "invalid_event"),
            (event(String(repeating: "i", count: 129)), "field_too_long"),
            (event("long-entity", context { $0["entityRef"] = "component:default/" + String(repeating: "e", count: 250) }), "field_too_long"),
            (event("context-number", context { $0["pluginId"] = 7 }), "invalid_event"),
            (event("ok-sql") { $0["subject"] = sqlish }, nil),
            (event("ok-unicode") { $0["subject"] = unicode }, nil),
            (event("ok-formula") { $0["subject"] = formula }, nil),
            (event("ok-formulas") { $0["subject"] = "@SUM(A1:A9)" }, nil),
            (event("ok-plus") { $0["subject"] = "+cmd|' /C calc'!A0" }, nil),
            (event("ok-minus") { $0["subject"] = "-2+3" }, nil),
            (event("ok-long-subject") { $0["subject"] = String(repeating: "l", count: 1_024) }, nil),
            (event("ok-old") { $0["timestamp"] = now.addingTimeInterval(-34 * 86_400).formatted(InsightsEvents.timestampFormat) }, nil),
            (event("ok-context-extra", context { $0["searchTypes"] = ["software-catalog"]; $0["extension"] = "App" }), nil),
            (event("ok-quote-user") { $0["user"] = "user:default/o'brien" }, nil),
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["events": cases.map(\.event)]), as: UTF8.self)
        let codes = cases.map(\.code)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let answer = try await client.call(.post, "/api/insights/events", token: tenant.apiKey, rawBody: body)
                #expect(answer.status == .ok, "\(answer.json)")
                let accepted = codes.filter { $0 == nil }.count
                #expect(answer.json["accepted"] as? Int == accepted, "\(answer.json)")
                #expect(answer.json["duplicates"] as? Int == 0)
                let rejected = answer.json["rejected"] as? [[String: Any]] ?? []
                let want = codes.enumerated().compactMap { index, code in code.map { (index, $0) } }
                #expect(rejected.map { $0["index"] as? Int ?? -1 } == want.map(\.0), "\(rejected)")
                for (row, expected) in zip(rejected, want) {
                    #expect(row["code"] as? String == expected.1, "event \(expected.0): \(row)")
                    #expect(!(row["detail"] as? String ?? "").isEmpty)
                }
                try await runtime.rollUpInsights(tenant.id)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events") == accepted)

                // Hostile text comes back as it went in (search terms are trimmed and lowercased).
                let top = try await client.report("/api/insights/top?dimension=searches&last=90d&limit=100", token: tenant.apiKey)
                let keys = Set(ReportJSON.items(top).map(\.key))
                for term in [sqlish, unicode, formula, "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3"] {
                    #expect(keys.contains(term.lowercased()), "\(term) in \(keys)")
                }
                #expect(keys.count == accepted, "every accepted event searched a term of its own")

                // CSV: formulas are prefixed with ' so a spreadsheet shows them as text, and quoted as needed.
                let csv = try await client.call(.get, "/api/insights/top?dimension=searches&last=90d&limit=100&format=csv", token: tenant.apiKey)
                let text = String(buffer: csv.body)
                let lines = text.components(separatedBy: "\r\n")
                #expect(lines.contains("\"'=hyperlink(\"\"http://evil.example\"\",\"\"click\"\")\",1,1,2,2"), "\(text)")
                #expect(lines.contains("'@sum(a1:a9),1,1,2,2"), "\(text)")
                #expect(lines.contains("'+cmd|' /c calc'!a0,1,1,2,2"), "\(text)")
                #expect(lines.contains("'-2+3,1,1,2,2"), "\(text)")
                #expect(lines.contains("\"'; drop table insights_events; -- \"\" or 1=1\",1,1,2,2"), "\(text)")
                #expect(!lines.contains { line in ["=", "+", "-", "@"].contains { line.hasPrefix($0) || line.hasPrefix("\"" + $0) } }, "\(text)")
            }
        }
    }
}

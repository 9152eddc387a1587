import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import PorticoApp

/// FOCUS cost rows pushed as CSV and JSON lines, mapped by the tenant's tag.
@Suite struct SignalsCostTests {
    static var days: (recent: String, older: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let format = Date.ISO8601FormatStyle().year().month().day()
        return (calendar.date(byAdding: .day, value: -2, to: Date())!.formatted(format),
                calendar.date(byAdding: .day, value: -40, to: Date())!.formatted(format))
    }

    /// A FOCUS export as a cloud's cost tool writes it: quoted fields, JSON tags with doubled quotes, CRLF.
    static func focusCSV(_ rows: [(day: String, billed: String, effective: String, service: String, resource: String, entity: String?)]) -> String {
        var lines = ["BillingAccountId,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,ResourceId,Tags"]
        for row in rows {
            let tags = row.entity.map { #"{""backstage-entity"": ""\#($0)"", ""env"": ""prod""}"# } ?? #"{""env"": ""prod""}"#
            lines.append(#"123456789012,\#(row.day)T00:00:00Z,\#(row.day)T23:59:59Z,\#(row.billed),\#(row.effective),USD,"\#(row.service)",\#(row.resource),"\#(tags)""#)
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func postCSV(_ csv: String, _ client: some TestClientProtocol, token: String) async throws -> TestResponse {
        try await client.call(.post, "/api/signals/costs", token: token, rawBody: csv, headers: [.contentType: "text/csv"])
    }

    @Test func aFOCUSExportIsCostPerEntityAndServiceOnceHoweverOftenItIsPushed() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("payments"), SignalsCatalog.component("ledger")], token: a.apiKey)
            let (recent, older) = Self.days
            let csv = Self.focusCSV([
                (recent, "12.50", "10.25", "Amazon RDS", "arn:aws:rds:eu-west-1:123:db/payments", "component:default/payments"),
                (recent, "3", "2.75", "Amazon S3", "arn:aws:s3:::payments-exports", "component:default/payments"),
                (older, "40", "40", "Amazon RDS", "arn:aws:rds:eu-west-1:123:db/payments", "component:default/payments"),
                (recent, "7", "7", "Amazon EC2", "i-0abc", "component:default/unknown"),
                (recent, "1", "1", "AWS Support", "", nil),
            ])
            let pushed = try await postCSV(csv, client, token: a.apiKey)
            #expect(pushed.status == .ok, "\(pushed.json)")
            #expect(pushed.json["accepted"] as? Int == 5)
            #expect(pushed.json["mapped"] as? Int == 3)
            #expect(pushed.json[path: "unmapped.rows"] as? Int == 2)
            #expect((pushed.json[path: "unmapped.amounts"] as? [String: Any])?["USD"] as? Double == 8)
            #expect(pushed.json[path: "unmapped.values"] as? [String] == ["", "component:default/unknown"])
            let rows = try await runtime.signalsRowCount(a.id)
            let again = try await postCSV(csv, client, token: a.apiKey)
            #expect(again.status == .ok)
            #expect(try await runtime.signalsRowCount(a.id) == rows, "a row pushed again replaces itself")

            let view = try await client.signals("component:default/payments", token: a.apiKey)
            #expect(view[path: "cost.currency"] as? String == "USD")
            #expect(view[path: "cost.last30Days"] as? Double == 13)
            let services = try #require(view[path: "cost.byService"] as? [[String: Any]])
            #expect(services.map { $0["service"] as? String } == ["Amazon RDS", "Amazon S3"])
            #expect(services.map { $0["amount"] as? Double } == [10.25, 2.75])
            #expect(view[path: "cost.trend.previous30Days"] as? Double == 40)
            #expect(view[path: "cost.trend.change"] as? Double == (13.0 - 40) / 40)
            #expect(try await client.signals("component:default/ledger", token: a.apiKey)[path: "cost.last30Days"] as? Double == 0)
        }
    }

    @Test func aRowWhoseTagNowNamesAnotherEntityMovesThere() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("payments"), SignalsCatalog.component("ledger")], token: a.apiKey)
            let recent = Self.days.recent
            _ = try await postCSV(Self.focusCSV([(recent, "5", "5", "Amazon RDS", "db-1", "component:default/payments")]), client, token: a.apiKey)
            _ = try await postCSV(Self.focusCSV([(recent, "6", "6", "Amazon RDS", "db-1", "ledger")]), client, token: a.apiKey)
            #expect(try await client.signals("component:default/payments", token: a.apiKey)[path: "cost.last30Days"] as? Double == 0)
            #expect(try await client.signals("component:default/ledger", token: a.apiKey)[path: "cost.last30Days"] as? Double == 6)
        }
    }

    @Test func jsonLinesAreMappedByTheTenantsTag() async throws {
        try await SignalsTesting.with { _, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("search")], token: a.apiKey)
            let settings = try await client.call(.put, "/api/signals/settings", token: a.apiKey, json: ["costEntityTag": "team-service"])
            #expect(settings.status == .ok, "\(settings.json)")
            #expect(try await client.call(.get, "/api/signals/settings", token: a.apiKey).json["costEntityTag"] as? String == "team-service")
            let day = Self.days.recent
            let lines = [
                #"{"ChargePeriodStart":"\#(day)T00:00:00Z","ChargePeriodEnd":"\#(day)T23:59:59Z","BilledCost":4.5,"EffectiveCost":"4.5","BillingCurrency":"EUR","ServiceName":"Compute Engine","ResourceId":"vm-1","Tags":{"team-service":"search"}}"#,
                #"{"ChargePeriodStart":"\#(day)T00:00:00Z","ChargePeriodEnd":"\#(day)T23:59:59Z","BilledCost":1,"EffectiveCost":1,"BillingCurrency":"EUR","ServiceName":"Cloud Storage","ResourceId":"bucket","Tags":{"backstage-entity":"component:default/search"}}"#,
            ].joined(separator: "\n")
            let pushed = try await client.call(.post, "/api/signals/costs", token: a.apiKey, rawBody: lines, headers: [.contentType: "application/x-ndjson"])
            #expect(pushed.status == .ok, "\(pushed.json)")
            #expect(pushed.json["mapped"] as? Int == 1)
            let view = try await client.signals("component:default/search", token: a.apiKey)
            #expect(view[path: "cost.currency"] as? String == "EUR")
            #expect(view[path: "cost.last30Days"] as? Double == 4.5)
        }
    }

    @Test func aBadRowRefusesTheWholeRequest() async throws {
        try await SignalsTesting.with { runtime, client, a, _ in
            try await client.pushSignalsCatalog([SignalsCatalog.component("payments")], token: a.apiKey)
            let day = Self.days.recent
            let good = (day, "1", "1", "Amazon RDS", "db-1", "component:default/payments") as (String, String, String, String, String, String?)
            let cases: [(csv: String, field: String, words: String)] = [
                (Self.focusCSV([good, (day, "-3.00", "1", "Amazon S3", "b", "payments")]), "rows[1].BilledCost", "negative"),
                (Self.focusCSV([good, (day, "1", "twelve", "Amazon S3", "b", "payments")]), "rows[1].EffectiveCost", "number"),
                (Self.focusCSV([good, (day, "1", "1e999999", "Amazon S3", "b", "payments")]), "rows[1].EffectiveCost", "number"),
                (Self.focusCSV([good, ("yesterday", "1", "1", "Amazon S3", "b", "payments")]), "rows[1].ChargePeriodStart", "timestamp"),
                ("ChargePeriodStart,BilledCost\r\n\(day)T00:00:00Z,1\r\n", "BillingCurrency", "BillingCurrency"),
            ]
            for (csv, field, words) in cases {
                let refused = try await postCSV(csv, client, token: a.apiKey)
                #expect(refused.status == .unprocessableContent, "\(field): \(refused.json)")
                #expect(refused.code == "validation_failed")
                #expect(refused.json["field"] as? String == field)
                #expect((refused.json["detail"] as? String)?.contains(words) == true, "\(refused.json)")
                #expect(refused.headers[.contentType] == "application/problem+json")
            }
            let nul = try await postCSV(Self.focusCSV([good]).replacingOccurrences(of: "db-1", with: "db\u{0}1"), client, token: a.apiKey)
            #expect(nul.status == .badRequest)
            #expect(nul.code == "nul_byte")
            let unclosed = try await postCSV("ChargePeriodStart\r\n\"open", client, token: a.apiKey)
            #expect(unclosed.status == .badRequest)
            let xml = try await client.call(.post, "/api/signals/costs", token: a.apiKey, rawBody: "<costs/>", headers: [.contentType: "application/xml"])
            #expect(xml.status == .unsupportedMediaType)
            #expect(try await runtime.signalsRowCount(a.id) == 0, "nothing of a refused request is stored")
        }
    }
}

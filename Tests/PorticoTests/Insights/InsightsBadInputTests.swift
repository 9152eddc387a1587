import CompressNIO
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import PorticoApp

/// Batches that cannot be taken as a whole (malformed, too many events, too large, a gzip bomb, an
/// encoding or media type not spoken, unknown or mistyped top-level fields) get a clear 4xx and
/// store nothing; a gzipped batch is taken like a plain one.
@Suite struct InsightsBadInputTests {
    static func gzip(_ text: String) throws -> ByteBuffer {
        var buffer = ByteBuffer(string: text)
        return try buffer.compress(with: .gzip())
    }

    static func batch(_ events: [[String: Any]]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["events": events]), as: UTF8.self)
    }

    @Test func wholeBatchErrorsAreClearAndStoreNothing() async throws {
        let at = Date().addingTimeInterval(-3_600)
        let validBody = try Self.batch((0..<3).map { InsightsEvents.event(id: "bad-input-\($0)", at: at, user: "user:default/u\($0)") })
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let path = "/api/insights/events"
                let many = try Self.batch((0...1_000).map { InsightsEvents.event(id: "many-\($0)", at: at) })
                #expect(many.utf8.count < 1 << 20, "1,001 small events fit the byte limit: the count is what is refused")
                // 2 MiB of valid events' worth of text: padding inside an attribute.
                let large = try Self.batch([InsightsEvents.event(id: "large", at: at, attributes: ["pad": String(repeating: "x", count: 2 << 20)])])

                let cases: [(label: String, body: String, headers: HTTPFields, status: Int, code: String, field: String?)] = [
                    ("malformed JSON", "{\"events\": [", [:], 400, "malformed_json", nil),
                    ("not JSON at all", "events=1", [:], 400, "malformed_json", nil),
                    ("empty body", "", [:], 400, "malformed_json", nil),
                    ("an array instead of an object", "[\(validBody)]", [:], 422, "validation_failed", nil),
                    ("events missing", "{}", [:], 422, "validation_failed", "events"),
                    ("events not an array", "{\"events\": {\"id\": \"x\"}}", [:], 422, "validation_failed", "events"),
                    ("events null", "{\"events\": null}", [:], 422, "validation_failed", "events"),
                    ("unknown top-level field", String(validBody.dropLast()) + ", \"dryRun\": true}", [:], 422, "validation_failed", "dryRun"),
                    ("1,001 events", many, [:], 422, "too_many_events", "events"),
                    ("2 MiB", large, [:], 413, "payload_too_large", nil),
                    ("another media type", validBody, [.contentType: "text/plain"], 415, "unsupported_media_type", nil),
                    ("another encoding", validBody, [.contentEncoding: "br"], 415, "unsupported_media_type", nil),
                    ("gzip that is not gzip", validBody, [.contentEncoding: "gzip"], 400, "malformed_json", nil),
                ]
                for test in cases {
                    let response = try await client.call(.post, path, token: tenant.apiKey, rawBody: test.body, headers: test.headers)
                    #expect(Int(response.status.code) == test.status, "\(test.label): \(response.status) \(response.json)")
                    #expect(response.code == test.code, "\(test.label): \(response.json)")
                    #expect(!(response.json["detail"] as? String ?? "").isEmpty, "\(test.label)")
                    if let field = test.field { #expect(response.json["field"] as? String == field, "\(test.label): \(response.json)") }
                }

                // A gzip bomb: 3 KB on the wire that unpacks to 4 MiB of (valid) JSON.
                let bomb = try Self.gzip("{\"events\": [" + String(repeating: " ", count: 4 << 20) + "]}")
                #expect(bomb.readableBytes < 10_000)
                let exploded = try await client.execute(
                    uri: path, method: .post,
                    headers: [.authorization: "Bearer \(tenant.apiKey)", .contentType: "application/json", .contentEncoding: "gzip"], body: bomb)
                #expect(exploded.status == .contentTooLarge, "\(exploded.json)")
                #expect(exploded.code == "payload_too_large")
                // 1,001 events gzipped: the count is still refused.
                let manyZipped = try await client.execute(
                    uri: path, method: .post,
                    headers: [.authorization: "Bearer \(tenant.apiKey)", .contentType: "application/json", .contentEncoding: "gzip"],
                    body: try Self.gzip(many))
                #expect(manyZipped.code == "too_many_events")

                try await runtime.rollUpInsights(tenant.id)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events") == 0)
                let empty = try await client.report("/api/insights/active-users?last=7d", token: tenant.apiKey)
                #expect(empty["totalActiveUsers"] as? Int == 0)
                #expect(ReportJSON.items(try await client.report("/api/insights/top?dimension=plugins", token: tenant.apiKey)).isEmpty)

                // The same valid batch gzipped is taken, once; then plain, it is a duplicate.
                let zipped = try await client.execute(
                    uri: path, method: .post,
                    headers: [.authorization: "Bearer \(tenant.apiKey)", .contentType: "application/json", .contentEncoding: "gzip"],
                    body: try Self.gzip(validBody))
                #expect(zipped.status == .ok, "\(zipped.json)")
                #expect(zipped.json["accepted"] as? Int == 3)
                let plain = try await client.call(.post, path, token: tenant.apiKey, rawBody: validBody)
                #expect(plain.json["duplicates"] as? Int == 3)
                try await runtime.rollUpInsights(tenant.id)
                let active = try await client.report("/api/insights/active-users?last=7d", token: tenant.apiKey)
                #expect(active["totalActiveUsers"] as? Int == 3)
            }
        }
    }
}

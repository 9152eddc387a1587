import Foundation
import HummingbirdTesting
import Testing
@testable import PorticoApp

/// Bad report parameters are answered 400 `invalid_request` naming the parameter, on every report
/// that takes it.
@Suite struct InsightsReportParameterTests {
    @Test func badParametersAreRefusedNamingTheField() async throws {
        let today = UTC.today
        let rangeErrors: [(query: String, field: String)] = [
            ("from=2026-13-01", "from"),
            ("from=2026-02-30&to=2026-03-01", "from"),
            ("from=26-11-02", "from"),
            ("from=\(UTC.label(today))&to=yesterday", "to"),
            ("from=\(UTC.label(today))&to=\(UTC.label(UTC.days(-1, from: today)))", "from"),
            ("to=\(UTC.label(today))", "from"),
            ("last=7d&from=\(UTC.label(UTC.days(-3, from: today)))", "last"),
            ("last=7d&to=\(UTC.label(today))", "last"),
            ("last=5d", "last"),
            ("from=\(UTC.label(UTC.days(-400, from: today)))&to=\(UTC.label(today))", "from"),
            ("format=xml", "format"),
        ]
        let reports = ["/api/insights/active-users?", "/api/insights/top?dimension=plugins&", "/api/insights/teams?", "/api/insights/retention?"]
        let specific: [(path: String, field: String)] = [
            ("/api/insights/top", "dimension"),
            ("/api/insights/top?dimension=users", "dimension"),
            ("/api/insights/top?dimension=", "dimension"),
            ("/api/insights/top?dimension=plugins&limit=0", "limit"),
            ("/api/insights/top?dimension=plugins&limit=101", "limit"),
            ("/api/insights/top?dimension=plugins&limit=ten", "limit"),
            ("/api/insights/top?dimension=entities&kind=comp%20onent", "kind"),
            ("/api/insights/top?dimension=entities&kind=", "kind"),
            ("/api/insights/active-users?grouping=minute", "grouping"),
            ("/api/insights/active-users?grouping=hour&from=\(UTC.label(UTC.days(-31, from: today)))&to=\(UTC.label(today))", "grouping"),
            ("/api/insights/active-users?grouping=hour&last=90d", "grouping"),
            ("/api/insights/active-users?group=group:default/nobody", "group"),
            ("/api/insights/active-users?group=user:default/ana", "group"),
            ("/api/insights/top?dimension=plugins&group=group:default/nobody", "group"),
            ("/api/insights/retention?group=nobody", "group"),
            ("/api/insights/retention?group=group:default/a%2Fb", "group"),
        ]
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                var paths = specific
                for report in reports { paths += rangeErrors.map { (report + $0.query, $0.field) } }
                for (path, field) in paths {
                    let response = try await client.call(.get, path, token: tenant.apiKey)
                    #expect(response.status == .badRequest, "\(path): \(response.status)")
                    #expect(response.code == "invalid_request", "\(path): \(response.json)")
                    #expect(response.json["field"] as? String == field, "\(path): \(response.json)")
                }
                // The edges that are allowed.
                for path in [
                    "/api/insights/top?dimension=plugins&limit=1", "/api/insights/top?dimension=plugins&limit=100",
                    "/api/insights/active-users?grouping=hour&from=\(UTC.label(UTC.days(-30, from: today)))&to=\(UTC.label(today))",
                    "/api/insights/active-users?from=\(UTC.label(UTC.days(-399, from: today)))&to=\(UTC.label(today))&grouping=month",
                    "/api/insights/active-users?from=\(UTC.label(today))&to=\(UTC.label(today))",
                    "/api/insights/active-users?from=\(UTC.label(UTC.days(-3, from: today)))",
                    "/api/insights/top?dimension=entities&kind=Component",
                    "/api/insights/retention?last=12m", "/api/insights/teams?last=90d&format=csv",
                ] {
                    let response = try await client.call(.get, path, token: tenant.apiKey)
                    #expect(response.status == .ok, "\(path): \(response.json)")
                }
            }
        }
    }
}

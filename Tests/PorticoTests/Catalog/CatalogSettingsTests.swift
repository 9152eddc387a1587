import Testing

@Suite struct CatalogSettingsTests {
    @Test func settingsRoundTripAndAMisspeltFieldIsRefused() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let defaults = try await client.call(.get, "/api/catalog/settings", token: tenant.apiKey)
                #expect(defaults.json["refreshIntervalMinutes"] as? Int == 30)

                let saved = try await client.call(.put, "/api/catalog/settings", token: tenant.apiKey,
                                                  json: ["refreshIntervalMinutes": 5, "orphanPolicy": "delete"])
                #expect(saved.status == .ok)
                let read = try await client.call(.get, "/api/catalog/settings", token: tenant.apiKey)
                #expect(read.json["orphanPolicy"] as? String == "delete")

                let misspelt = try await client.call(.put, "/api/catalog/settings", token: tenant.apiKey,
                                                     json: ["refreshIntervalMinutes": 5, "orphanPolicy": "orphan", "orphanPolicyy": "x"])
                #expect(misspelt.status == .unprocessableContent)
                #expect(misspelt.json["field"] as? String == "orphanPolicyy")
                let unchanged = try await client.call(.get, "/api/catalog/settings", token: tenant.apiKey)
                #expect(unchanged.json["orphanPolicy"] as? String == "delete")
            }
        }
    }
}

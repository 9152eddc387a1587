import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import PorticoCatalog
import PorticoStore
import Synchronization
import Testing
@testable import PorticoApp

/// Locations ingested by a real worker from a real HTTP server on loopback.
@Suite(.serialized) struct CatalogIngestionTests {
    /// Files served on loopback; tests change them between refreshes.
    final class FixtureFiles: Sendable {
        let files: Mutex<[String: String]>
        let requests = Mutex<[String]>([])

        init(_ files: [String: String]) { self.files = Mutex(files) }

        func set(_ name: String, _ content: String?) { files.withLock { $0[name] = content } }
        var requestCount: Int { requests.withLock { $0.count } }
    }

    static func withFixtureServer<Result: Sendable>(
        _ files: FixtureFiles, _ body: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        let router = Router()
        router.get("/{file}") { request, context -> Response in
            let name = context.parameters.get("file") ?? ""
            files.requests.withLock { $0.append(name) }
            guard let content = files.files.withLock({ $0[name] }) else { return Response(status: .notFound) }
            let etag = "\"\(content.hashValue)\""
            if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified) }
            return Response(status: .ok, headers: [.contentType: "application/yaml", .eTag: etag], body: .init(byteBuffer: ByteBuffer(string: content)))
        }
        // An endless chain of files, each a Location entity targeting the next.
        router.get("/loop/{n}") { _, context -> Response in
            let n = Int(context.parameters.get("n") ?? "") ?? 0
            let content = "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: loop-\(n)\nspec:\n  target: ./\((n + 1) % 50_000)\n"
            return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: content)))
        }
        // A server that answers after 3 s, for refreshes that outlive their deadline.
        router.get("/slow/{file}") { _, context -> Response in
            try await Task.sleep(for: .seconds(3))
            let content = files.files.withLock { $0[context.parameters.get("file") ?? ""] } ?? ""
            return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: content)))
        }
        router.get("/redirect/{file}") { _, context -> Response in
            Response(status: .found, headers: [.location: "/\(context.parameters.get("file") ?? "")"])
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }

    static let root = """
        apiVersion: backstage.io/v1alpha1
        kind: Location
        metadata:
          name: root
        spec:
          targets: [./org.yaml, ./services.yaml, ./catalog-info.yaml]
        """
    static let org = """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: team-a
        spec:
          type: team
          children: []
        """
    static func services(owner: String = "team-a", includeLegacy: Bool = true) -> String {
        var text = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: payments
              description:
                $text: ./payments.md
            spec:
              type: service
              lifecycle: production
              owner: \(owner)
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: broken one
            spec:
              type: service
            """
        if includeLegacy {
            text += """

                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: legacy
                spec:
                  type: service
                  lifecycle: deprecated
                  owner: team-a
                """
        }
        return text
    }

    func withIngestion(
        files: FixtureFiles, _ body: @Sendable (String, Runtime, any TestClientProtocol, TestTenant, _ other: TestTenant) async throws -> Void
    ) async throws {
        try await Self.withIngestion(files: files, retryPolicy: RetryPolicy(), body)
    }

    /// Two provisioned tenants, the fixture server, a worker running every registered job (as
    /// `adjust` leaves them) and the API, in a database of their own.
    static func withIngestion(
        files: FixtureFiles, retryPolicy: RetryPolicy, adjust: @escaping @Sendable (inout JobRegistry) -> Void = { _ in },
        _ body: @Sendable (String, Runtime, any TestClientProtocol, TestTenant, _ other: TestTenant) async throws -> Void
    ) async throws {
        try await Self.withFixtureServer(files) { base in
            try await TestDatabase.withFreshMigrated(overrides: ["outbound.allowLoopback": "true"]) { _, runtime in
                // Both tenants are provisioned before the worker starts, which would otherwise
                // take the provisioning jobs their sign-ups enqueued at the same time.
                let tenant = try await TestTenants.create(runtime, plan: "enterprise")
                let other = try await TestTenants.create(runtime)
                let queue = JobQueue(database: runtime.database, retryPolicy: retryPolicy)
                var registry = PorticoWorker.registry(modules: try runtime.modules(queue: queue), queue: queue)
                adjust(&registry)
                let worker = JobTestSupport.worker(runtime, queue: queue, registry: registry)
                try await JobTestSupport.withWorkers([worker], logger: runtime.logger) {
                    try await LiveServer.with(runtime) { client in
                        try await body(base, runtime, client, tenant, other)
                    }
                }
            }
        }
    }

    @Test func locationIsIngestedRecursivelyWithSubstitutionsAndProblems() async throws {
        let files = FixtureFiles(["catalog-info.yaml": Self.root, "org.yaml": Self.org, "services.yaml": Self.services(),
                                  "payments.md": "Takes the money."])
        try await withIngestion(files: files) { base, runtime, client, tenant, other in
            let target = "\(base)/catalog-info.yaml"
            let dryRun = try await client.call(.post, "/api/catalog/locations?dryRun=true", token: tenant.apiKey,
                                               json: ["type": "url", "target": "\(base)/org.yaml"])
            #expect(dryRun.status == .created)
            #expect((dryRun.json["entities"] as? [Any])?.count == 2, "the location's own Location entity and team-a")
            #expect(try await client.call(.get, "/api/catalog/locations", token: tenant.apiKey).jsonArray?.isEmpty == true)

            let created = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey, json: ["type": "url", "target": target])
            #expect(created.status == .created)
            let locationID = try #require((created.json["location"] as? [String: Any])?["id"] as? String)
            let duplicate = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey, json: ["type": "url", "target": target])
            #expect(duplicate.status == .conflict)

            let generated = GeneratedLocationEntity(type: "url", target: target).name
            try await eventually("the location is ingested") {
                try await client.entityNames("/api/catalog/entities", token: tenant.apiKey).count == 5
            }
            #expect(try await client.entityNames("/api/catalog/entities", token: tenant.apiKey) == [generated, "legacy", "payments", "root", "team-a"])
            let payments = try await client.call(.get, "/api/catalog/entities/by-name/component/default/payments", token: tenant.apiKey).json
            #expect((payments["metadata"] as? [String: Any])?["description"] as? String == "Takes the money.")
            let annotations = (payments["metadata"] as? [String: Any])?["annotations"] as? [String: String]
            #expect(annotations?["backstage.io/managed-by-location"] == "url:\(base)/services.yaml")
            #expect(annotations?["backstage.io/managed-by-origin-location"] == "url:\(target)")
            // Ancestry: payments came from services.yaml, which the root Location entity targets;
            // the root came from the registered file, which the generated Location entity targets
            // (the root also targets its own file, which does not make it its own parent).
            let ancestry = try await client.call(.get, "/api/catalog/entities/by-name/component/default/payments/ancestry", token: tenant.apiKey).json
            #expect(ancestry["rootEntityRef"] as? String == "component:default/payments")
            let lineage = (ancestry["items"] as? [[String: Any]] ?? []).map { item in
                "\(((item["entity"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String ?? "?") <- \(item["parentEntityRefs"] as? [String] ?? [])"
            }
            #expect(lineage == ["payments <- [\"location:default/root\"]", "root <- [\"location:default/\(generated)\"]", "\(generated) <- []"])

            let team = try await client.call(.get, "/api/catalog/entities/by-name/group/default/team-a", token: tenant.apiKey).json
            #expect((team["relations"] as? [[String: Any]])?.contains { $0["type"] as? String == "ownerOf" } == true)

            let location = try await client.call(.get, "/api/catalog/locations/\(locationID)", token: tenant.apiKey).json
            #expect(Set(location.keys) == ["id", "type", "target"])
            let status = try await client.call(.get, "/api/catalog/locations/\(locationID)/status", token: tenant.apiKey).json
            #expect(status["status"] as? String == "ok")
            #expect(status["entityCount"] as? Int == 4)
            let byEntity = try await client.call(.get, "/api/catalog/locations/by-entity/component/default/payments", token: tenant.apiKey)
            #expect(byEntity.json["id"] as? String == locationID)

            // Tenant B reaches none of it by location id, entity ref or listing.
            #expect(try await client.call(.get, "/api/catalog/locations", token: other.apiKey).jsonArray?.isEmpty == true)
            #expect(try await client.call(.get, "/api/catalog/locations/\(locationID)", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.get, "/api/catalog/locations/\(locationID)/status", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.delete, "/api/catalog/locations/\(locationID)", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.get, "/api/catalog/locations/by-entity/component/default/payments", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.get, "/api/catalog/entities/by-name/component/default/payments/ancestry", token: other.apiKey).status == .notFound)
            #expect(try await client.call(.post, "/api/catalog/refresh", token: other.apiKey, json: ["entityRef": "component:default/payments"]).status == .notFound)
            #expect(try await client.call(.get, "/api/catalog/locations/\(locationID)", token: tenant.apiKey).status == .ok)

            // Refresh with nothing changed: no entity is rewritten.
            let etagBefore = (payments["metadata"] as? [String: Any])?["etag"] as? String
            let requestsBefore = files.requestCount
            #expect(try await client.call(.post, "/api/catalog/refresh", token: tenant.apiKey, json: ["entityRef": "component:default/payments"]).status == .ok)
            try await eventually("the refresh fetched again") { files.requestCount > requestsBefore }
            try await Task.sleep(for: .milliseconds(300))
            let again = try await client.call(.get, "/api/catalog/entities/by-name/component/default/payments", token: tenant.apiKey).json
            #expect((again["metadata"] as? [String: Any])?["etag"] as? String == etagBefore)

            // A target file that no longer parses is a problem on the location, and its entities
            // are not taken for gone.
            files.set("services.yaml", "kind: [unclosed")
            #expect(try await client.call(.post, "/api/catalog/refresh", token: tenant.apiKey, json: ["entityRef": "component:default/payments"]).status == .ok)
            try await eventually("the broken file is reported") {
                let problems = try await client.call(.get, "/api/catalog/locations/\(locationID)/status", token: tenant.apiKey).json["problems"] as? [[String: Any]]
                return problems?.contains { ($0["target"] as? String)?.hasSuffix("services.yaml") == true && $0["entityRef"] == nil } == true
            }
            let untouched = try await client.call(.get, "/api/catalog/entities/by-name/component/default/legacy", token: tenant.apiKey).json
            #expect(((untouched["metadata"] as? [String: Any])?["annotations"] as? [String: Any])?["backstage.io/orphan"] == nil)

            // The orphan annotation as a key with learned postings: marking orphans must keep them.
            let orphanKey = "metadata.annotations.backstage.io/orphan"
            #expect(try await PostingKeyLearner(database: runtime.database).learn(orphanKey, tenant: tenant.id) == .learned(values: 0))

            // Payments turns invalid, legacy disappears: the last good payments stays with an error;
            // legacy is marked orphan (the default policy).
            files.set("services.yaml", Self.services(owner: "", includeLegacy: false))
            #expect(try await client.call(.post, "/api/catalog/refresh", token: tenant.apiKey, json: ["entityRef": "group:default/team-a"]).status == .ok)
            try await eventually("the orphan is marked") {
                let legacy = try await client.call(.get, "/api/catalog/entities/by-name/component/default/legacy", token: tenant.apiKey).json
                let annotations = (legacy["metadata"] as? [String: Any])?["annotations"] as? [String: Any]
                return annotations?["backstage.io/orphan"] as? String == "true"
            }
            let orphanFacet = try await client.call(.get, "/api/catalog/entity-facets?facet=\(orphanKey)&filter=kind=component", token: tenant.apiKey)
            let orphanCounts = (orphanFacet.json["facets"] as? [String: Any])?[orphanKey] as? [[String: Any]] ?? []
            #expect(orphanCounts.map { "\($0["value"] as? String ?? "?")=\($0["count"] as? Int ?? -1)" } == ["true=1"])
            let orphanPostings = try await postingRows(runtime, tenant, key: orphanKey)
            #expect(try await postingRowsRebuilt(of: orphanKey, runtime, tenant) == orphanPostings)
            let kept = try await client.call(.get, "/api/catalog/entities/by-name/component/default/payments", token: tenant.apiKey).json
            #expect((kept["spec"] as? [String: Any])?["owner"] as? String == "team-a")
            let statusItems = (kept["status"] as? [String: Any])?["items"] as? [[String: Any]]
            #expect(statusItems?.first?["message"] as? String != nil)

            // Deleting the location removes its entities.
            #expect(try await client.call(.delete, "/api/catalog/locations/\(locationID)", token: tenant.apiKey).status == .noContent)
            #expect(try await client.entityNames("/api/catalog/entities", token: tenant.apiKey) == [])
        }
    }

    /// The fixture with every kind and relation type, ingested from a location on loopback, gives
    /// the same documented answers as when pushed (relations both ways, filters, facets).
    @Test func fixtureIngestedFromALocationGivesTheDocumentedAnswers() async throws {
        let files = FixtureFiles(["fixture.yaml": CatalogFixture.yaml])
        try await withIngestion(files: files) { base, _, client, tenant, _ in
            let created = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey,
                                                json: ["type": "url", "target": "\(base)/fixture.yaml"])
            #expect(created.status == .created)
            try await eventually("the fixture is ingested") {
                try await client.call(.get, "/api/catalog/entities/by-query?limit=1", token: tenant.apiKey).json["totalItems"] as? Int
                    == CatalogFixture.entityCount + 1 // and the location's own Location entity
            }
            try await CatalogFixtureExpectations.relations(client, token: tenant.apiKey)
            try await CatalogFixtureExpectations.filters(client, token: tenant.apiKey)
            let facets = try await client.call(.get, "/api/catalog/entity-facets?facet=kind&facet=relations.ownedBy", token: tenant.apiKey)
            let byFacet = facets.json["facets"] as? [String: [[String: Any]]] ?? [:]
            let kinds = Dictionary(uniqueKeysWithValues: (byFacet["kind"] ?? []).map { ($0["value"] as! String, $0["count"] as! Int) })
            #expect(kinds == ["Component": 3, "API": 2, "Domain": 2, "System": 1, "Resource": 1, "Group": 3, "User": 2, "Template": 1, "Pipeline": 1,
                              "Location": 1])
            #expect(byFacet["relations.ownedBy"]?.first?["value"] as? String == "group:default/team-a")
        }
    }

    /// A string PostgreSQL cannot store (YAML's `\0` escape) makes that entity a problem on the
    /// location; the others are ingested and the refresh succeeds (no 500, no dead job).
    @Test func textPostgreSQLCannotStoreIsAProblemOnTheLocation() async throws {
        let yaml = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: clean
            spec: {type: service, lifecycle: production, owner: team-a}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: poisoned
              description: "before\\0after"
            spec: {type: service, lifecycle: production, owner: team-a}
            """
        let files = FixtureFiles(["nul.yaml": yaml])
        try await withIngestion(files: files) { base, _, client, tenant, _ in
            let created = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey,
                                                json: ["type": "url", "target": "\(base)/nul.yaml"])
            let id = try #require((created.json["location"] as? [String: Any])?["id"] as? String)
            try await eventually("the location is refreshed") {
                try await client.call(.get, "/api/catalog/locations/\(id)/status", token: tenant.apiKey).json["status"] as? String != "pending"
            }
            let location = try await client.call(.get, "/api/catalog/locations/\(id)/status", token: tenant.apiKey).json
            let problems = location["problems"] as? [[String: Any]] ?? []
            #expect(problems.contains { ($0["message"] as? String)?.contains("U+0000") == true }, "\(location)")
            #expect(try await client.entityNames("/api/catalog/entities", token: tenant.apiKey)
                    == ["clean", GeneratedLocationEntity(type: "url", target: "\(base)/nul.yaml").name])
        }
    }

    /// Invalid YAML, an 11 MB file and a 50,000-file Location loop: each refresh fails with a
    /// clear message on its location and writes nothing (the registration wrote the location's own
    /// Location entity); a dry run refuses them with a 422.
    @Test func locationBombsFailCleanlyAndWriteNothing() async throws {
        let files = FixtureFiles(["broken.yaml": "kind: [unclosed", "huge.yaml": String(repeating: "# padding\n", count: 1_100_000)])
        try await withIngestion(files: files) { base, _, client, tenant, _ in
            let expectations = ["broken.yaml": "yaml", "huge.yaml": "the limit is", "loop/0": "more than 1000 files"]
            var ids: [String: String] = [:]
            for target in expectations.keys {
                let dryRun = try await client.call(.post, "/api/catalog/locations?dryRun=true", token: tenant.apiKey,
                                                   json: ["type": "url", "target": "\(base)/\(target)"])
                #expect(dryRun.status == .unprocessableContent, "\(target)")
                let created = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey, json: ["type": "url", "target": "\(base)/\(target)"])
                ids[target] = (created.json["location"] as? [String: Any])?["id"] as? String
            }
            for (target, message) in expectations {
                let id = try #require(ids[target])
                try await eventually("\(target) is refreshed", timeout: .seconds(30)) {
                    try await client.call(.get, "/api/catalog/locations/\(id)/status", token: tenant.apiKey).json["status"] as? String != "pending"
                }
                let location = try await client.call(.get, "/api/catalog/locations/\(id)/status", token: tenant.apiKey).json
                #expect(location["status"] as? String == "failed", "\(target)")
                #expect((location["message"] as? String)?.lowercased().contains(message) == true, "\(target): \(location)")
            }
            // Only the registrations' own Location entities exist.
            #expect(try await client.call(.get, "/api/catalog/entities/by-query?limit=1", token: tenant.apiKey).json["totalItems"] as? Int
                    == expectations.count)
            #expect(try await client.call(.get, "/api/catalog/entities/by-query?limit=1&filter=kind=location", token: tenant.apiKey)
                .json["totalItems"] as? Int == expectations.count)
        }
    }

    @Test func unsafeLocationsAreRefused() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let file = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey, json: ["type": "file", "target": "/etc/passwd"])
                #expect(file.status == .unprocessableContent)
                #expect(file.json["field"] as? String == "type")
                for target in ["http://127.0.0.1:54329/x.yaml", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/a.yaml",
                               "http://localhost/catalog-info.yaml", "http://[::1]/a.yaml",
                               "http://0177.0.0.1:54329/x.yaml", "http://2130706433/a.yaml", "http://[::ffff:127.0.0.1]/a.yaml",
                               "http://[fd00:ec2::254]/latest/meta-data"] {
                    let refused = try await client.call(.post, "/api/catalog/locations?dryRun=true", token: tenant.apiKey,
                                                        json: ["type": "url", "target": target])
                    #expect(refused.status == .unprocessableContent, "\(target)")
                    #expect((refused.json["detail"] as? String)?.contains("may not use") == true, "\(target): \(refused.json)")
                }
                let notURL = try await client.call(.post, "/api/catalog/locations", token: tenant.apiKey, json: ["type": "url", "target": "ftp://x/y"])
                #expect(notURL.json["field"] as? String == "target")
            }
        }
    }
}

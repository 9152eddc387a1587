import Foundation
import PorticoCore
import PorticoGateway
import PostgresNIO

extension CatalogService {
    public func locations(_ tenant: TenantContext) async throws -> [Location] {
        try await database.withTenantTransaction(tenant.id) { connection in
            try await LocationRepository(connection: connection, logger: logger).all()
        }
    }

    public func location(_ id: UUID, tenant: TenantContext) async throws -> Location? {
        try await database.withTenantTransaction(tenant.id) { connection in
            try await LocationRepository(connection: connection, logger: logger).find(id)
        }
    }

    /// The location that produced an entity, if a location did.
    public func location(of ref: EntityRef, tenant: TenantContext) async throws -> Location? {
        try await database.withTenantTransaction(tenant.id) { connection in
            var id: UUID?
            for try await value in try await connection.checkedQuery(
                "SELECT location_id FROM entities WHERE ref = \(ref.key)", logger: logger).decode(UUID?.self) {
                id = value
            }
            guard let id else { return nil }
            return try await LocationRepository(connection: connection, logger: logger).find(id)
        }
    }

    public func entityExists(_ ref: EntityRef, tenant: TenantContext) async throws -> Bool {
        try await database.withTenantTransaction(tenant.id) { connection in
            for try await _ in try await connection.checkedQuery("SELECT 1 FROM entities WHERE ref = \(ref.key)", logger: logger) { return true }
            return false
        }
    }

    /// Registers a location within the plan's limits, with the Location entity Backstage generates
    /// for it (an entity like any other: it counts against the entity limit, and goes when the
    /// location goes). The same type and target twice is a conflict.
    public func registerLocation(type: String, target: String, tenant: TenantContext) async throws -> Location {
        let entity = try GeneratedLocationEntity(type: type, target: target).processed()
        return try await database.withTenantTransaction(tenant.id) { connection in
            let locations = LocationRepository(connection: connection, logger: logger)
            let writer = try await EntityWriter.locked(connection: connection, logger: logger, tenant: tenant.id)
            if try await locations.find(type: type, target: target) != nil {
                throw PorticoError.conflict("location_exists", "A location for \(target) is already registered.", field: "target")
            }
            let limit = tenant.entitlements.limit(CatalogModule.maxLocations)
            guard try await locations.count() < limit else {
                throw PorticoError.planLimitReached(
                    plan: tenant.entitlements.plan, allows: "\(limit) locations", advice: "delete one first.")
            }
            let location = try await locations.insert(type: type, target: target)
            let source = EntitySource.location(location.id)
            let projected = try await writer.projectedCount(of: source, writing: [entity.key], removing: [], replacing: false)
            guard projected <= tenant.entitlements.limit(CatalogModule.maxEntities) else {
                throw Self.entityLimitReached(tenant.entitlements, count: projected)
            }
            // An entity of that name another source owns stays theirs; the refresh lists the conflict.
            var report = IngestionReport()
            try await writer.upsert([entity], source: source, report: &report)
            return location
        }
    }

    public func deleteLocation(_ id: UUID, tenant: TenantContext) async throws -> Bool {
        try await database.withTenantTransaction(tenant.id) { connection in
            let writer = try await EntityWriter.locked(connection: connection, logger: logger, tenant: tenant.id)
            let locations = LocationRepository(connection: connection, logger: logger)
            guard try await locations.find(id) != nil else { return false }
            _ = try await writer.delete(.location(id))
            return try await locations.delete(id)
        }
    }

    /// `POST /locations?dryRun=true`: what registering would ingest, without writing anything. As
    /// in Backstage, the entities start with the location's generated Location entity, and the
    /// location's id is its reference (`url:<target>`): nothing has been registered.
    func previewLocation(_ url: URL, fetcher: DescriptorFetcher, tenant: TenantContext) async throws -> String {
        let generated = GeneratedLocationEntity(type: "url", target: url.absoluteString)
        let own = try generated.processed()
        let read = try await readForRequest(url, fetcher: fetcher)
        var report = IngestionReport()
        let processed = await Self.process(read.entities(origin: url), report: &report)
        guard report.errors.isEmpty else { throw CatalogError.invalidEntities(report.errors) }
        if processed.contains(where: { $0.key == own.key }) {
            throw PorticoError.validation("\(own.entity.ref) is the name of the location's own Location entity.", field: "target")
        }
        let existing = try await database.withTenantTransaction(tenant.id) { connection in
            try await LocationRepository(connection: connection, logger: logger).find(type: generated.type, target: generated.target)
        }
        let entities = try ([own] + processed).map { try CatalogJSON.encode(JSONValue.object($0.entity.body)) }
        let location = try CatalogJSON.encode(["type": generated.type, "target": generated.target, "id": generated.locationRef])
        return "{\"location\":\(location),\"entities\":\(JSONText.array(entities)),\"exists\":\(existing != nil)}"
    }

    /// `POST /analyze-location`: the entities a URL already describes, and whether it is registered.
    func analyzeLocation(_ url: URL, fetcher: DescriptorFetcher, tenant: TenantContext) async throws -> String {
        let read = try await readForRequest(url, fetcher: fetcher)
        let existing = try await database.withTenantTransaction(tenant.id) { connection in
            try await LocationRepository(connection: connection, logger: logger).find(type: "url", target: url.absoluteString)
        }
        let files = try read.documents.map { document in
            "{\"location\":\(try CatalogJSON.encode(["type": "url", "target": document.url.absoluteString])),"
                + "\"isRegistered\":\(existing != nil),\"entity\":\(try CatalogJSON.encode(document.value))}"
        }
        return "{\"existingEntityFiles\":\(JSONText.array(files)),\"generateEntities\":[]}"
    }

    /// Reads a URL on behalf of a request: fetch problems are the caller's input problems.
    private func readForRequest(_ url: URL, fetcher: DescriptorFetcher) async throws -> LocationReader.Result {
        do {
            let read = try await LocationReader(fetcher: fetcher).read(url, ifNoneMatch: nil)
            if let problem = read.problems.first {
                throw PorticoError.validation("\(problem.target): \(problem.message)", field: "target")
            }
            return read
        } catch let error as PorticoError {
            throw error
        } catch {
            throw PorticoError.validation("\(error)", field: "target")
        }
    }

    public func settings(_ tenant: TenantContext) async throws -> CatalogSettings {
        try await database.withTenantTransaction(tenant.id) { connection in
            try await CatalogSettings.load(on: connection, logger: logger)
        }
    }

    public func saveSettings(_ settings: CatalogSettings, tenant: TenantContext) async throws -> CatalogSettings {
        let valid = try settings.validated()
        try await database.withTenantTransaction(tenant.id) { connection in
            try await valid.save(on: connection, logger: logger)
        }
        return valid
    }
}

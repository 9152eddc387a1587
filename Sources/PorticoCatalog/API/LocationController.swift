import Foundation
import Hummingbird
import PorticoCore
import PorticoGateway
import PorticoStore

/// Locations (`/api/catalog/locations`, each with its refresh status), refresh, location analysis, and the tenant's catalog settings.
struct LocationController: Sendable {
    let service: CatalogService
    let queue: JobQueue
    let fetcher: DescriptorFetcher

    func addRoutes(to routes: GatewayRouter) {
        routes.get("/api/catalog/locations", .tenant(.catalogRead)) { _, context in
            let locations = try await service.locations(try context.tenantContext())
            return CatalogJSON.response(try CatalogJSON.encode(locations.map { ["data": $0] }))
        }

        routes.post("/api/catalog/locations", .tenant(.catalogWrite)) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(LocationRequest.self, context: context)
            let target = try body.validatedTarget()
            if request.uri.queryParameters.get("dryRun") == "true" {
                let preview = try await service.previewLocation(target, fetcher: fetcher, tenant: tenant)
                return CatalogJSON.response(preview, status: .created)
            }
            let location = try await service.registerLocation(type: body.type, target: target.absoluteString, tenant: tenant)
            try await queue.enqueueOrAdvance(
                CatalogJobs.refreshLocation, LocationJobPayload(tenantID: tenant.id, locationID: location.id),
                uniqueKey: CatalogJobs.refreshKey(tenant: tenant.id, location: location.id))
            return CatalogJSON.response("{\"location\":\(try CatalogJSON.encode(location)),\"entities\":[]}", status: .created)
        }

        routes.get("/api/catalog/locations/{id}", .tenant(.catalogRead)) { _, context in
            let id = try Self.locationID(context)
            guard let location = try await service.location(id, tenant: try context.tenantContext()) else {
                throw Self.notFound(id)
            }
            return CatalogJSON.response(try CatalogJSON.encode(location))
        }

        routes.get("/api/catalog/locations/{id}/status", .tenant(.catalogRead)) { _, context in
            let id = try Self.locationID(context)
            guard let location = try await service.location(id, tenant: try context.tenantContext()) else {
                throw Self.notFound(id)
            }
            return CatalogJSON.response(try CatalogJSON.encode(location.refresh))
        }

        routes.delete("/api/catalog/locations/{id}", .tenant(.catalogWrite)) { _, context in
            let id = try Self.locationID(context)
            guard try await service.deleteLocation(id, tenant: try context.tenantContext()) else { throw Self.notFound(id) }
            return .noContent()
        }

        routes.get("/api/catalog/locations/by-entity/{kind}/{namespace}/{name}", .tenant(.catalogRead)) { _, context in
            let ref = try CatalogController.ref(context)
            guard let location = try await service.location(of: ref, tenant: try context.tenantContext()) else {
                throw CatalogError.notFound("No location produced \(ref).")
            }
            return CatalogJSON.response(try CatalogJSON.encode(location))
        }

        routes.post("/api/catalog/refresh", .tenant(.catalogWrite)) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(RefreshRequest.self, context: context)
            let ref: EntityRef
            do { ref = try EntityRef(parsing: body.entityRef) } catch {
                throw PorticoError.validation("\(error).", field: "entityRef")
            }
            guard let location = try await service.location(of: ref, tenant: tenant) else {
                guard try await service.entityExists(ref, tenant: tenant) else { throw CatalogError.notFound("No entity named \(ref).") }
                return Response(status: .ok) // pushed by a provider: nothing to fetch
            }
            try await queue.enqueueOrAdvance(
                CatalogJobs.refreshLocation, LocationJobPayload(tenantID: tenant.id, locationID: location.id),
                uniqueKey: CatalogJobs.refreshKey(tenant: tenant.id, location: location.id))
            return Response(status: .ok)
        }

        routes.post("/api/catalog/analyze-location", .tenant(.catalogRead)) { request, context in
            let body = try await request.decodeJSON(AnalyzeLocationRequest.self, context: context)
            let target = try body.location.validatedTarget()
            let analysis = try await service.analyzeLocation(target, fetcher: fetcher, tenant: try context.tenantContext())
            return CatalogJSON.response(analysis)
        }

        routes.get("/api/catalog/settings", .tenant(.catalogRead)) { _, context in
            CatalogJSON.response(try CatalogJSON.encode(try await service.settings(try context.tenantContext())))
        }
        routes.put("/api/catalog/settings", .tenant(.tenantAdmin)) { request, context in
            let body = try await request.decodeJSON(CatalogSettings.self, context: context)
            return CatalogJSON.response(try CatalogJSON.encode(try await service.saveSettings(body, tenant: try context.tenantContext())))
        }
    }

    static func locationID(_ context: PorticoRequestContext) throws -> UUID {
        guard let raw = context.parameters.get("id"), let id = UUID(uuidString: raw) else {
            throw CatalogError.notFound("No location with this id.")
        }
        return id
    }

    static func notFound(_ id: UUID) -> PorticoError {
        PorticoError(status: 404, code: "location_not_found", title: "Not found", detail: "No location with id \(id.uuidString.lowercased()).")
    }
}

struct LocationRequest: Decodable {
    let type: String
    let target: String

    /// Only `url` locations: a `file` location would read the server's own disk.
    func validatedTarget() throws -> URL {
        guard type == "url" else {
            if type == "file" {
                throw PorticoError.validation("'file' locations are not allowed; serve the file over HTTP(S) and register a 'url'.", field: "type")
            }
            throw PorticoError.validation("Unknown location type '\(type.prefix(40))'; use 'url'.", field: "type")
        }
        guard target.count <= 2048, let url = URL(string: target), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else { throw PorticoError.validation("'target' must be an absolute http(s) URL.", field: "target") }
        return url
    }
}

struct AnalyzeLocationRequest: Decodable {
    let location: LocationRequest
    /// Backstage's; unused, but typed, so a value of another type is refused as the document says.
    let catalogFileName: String?
}

struct RefreshRequest: Decodable {
    let entityRef: String
    /// Backstage's; unused, but typed, so a value of another type is refused as the document says.
    let authorizationToken: String?
}

import Foundation
import HTTPTypes
import Hummingbird
import PorticoCore
import PorticoGateway

/// Backstage's catalog REST API under `/api/catalog`, plus the provider push API.
struct CatalogController: Sendable {
    let service: CatalogService
    static let pushBodyLimit = 64 << 20
    static let defaultPageSize = 20
    static let maximumPageSize = 10_000
    static let streamChunkSize = 1_000
    /// Skipping costs a scan of the skipped rows, so it is bounded; the `after` cursor has no cost.
    static let maximumOffset = 100_000

    func addRoutes(to routes: GatewayRouter) {
        addEntityRoutes(to: routes)
        addProviderRoutes(to: routes)
    }

    private func addEntityRoutes(to routes: GatewayRouter) {
        routes.get("/api/catalog/entities", .tenant(.catalogRead)) { request, context in
            try await listEntities(request, context: context)
        }

        routes.get("/api/catalog/entities/by-query", .tenant(.catalogRead)) { request, context in
            let query = request.uri.queryParameters
            let limit = try query.integer("limit", default: Self.defaultPageSize, range: 0...Self.maximumPageSize) ?? Self.defaultPageSize
            let offset = try query.integer("offset", default: 0, range: 0...Self.maximumOffset) ?? 0
            let fields = try query.catalogFields()
            let cursor: EntityCursor
            if let encoded = query.get("cursor") {
                cursor = try EntityCursor(encoded: encoded)
            } else {
                let order = try EntitySort(parameters: query.getAll("orderField"), field: "orderField", parse: EntityOrder.init(parameter:))
                cursor = EntityCursor(
                    filter: try query.catalogFilter(), order: order,
                    fullText: try FullTextFilter(term: query.get("fullTextFilterTerm"), fields: query.getAll("fullTextFilterFields")),
                    position: nil, backwards: false)
            }
            let tenant = try context.tenantContext()
            let page = try await service.read(tenant) { reader in
                try await reader.page(
                    filter: cursor.filter, fullText: cursor.fullText, order: cursor.order, fields: fields,
                    after: cursor.position, backwards: cursor.backwards, limit: limit, offset: offset)
            }
            // A crafted cursor without a count gets one counted.
            let total: Int
            if let counted = page.total ?? cursor.totalItems {
                total = counted
            } else {
                total = try await service.read(tenant) { reader in try await reader.count(filter: cursor.filter, fullText: cursor.fullText) }
            }
            func cursorText(at row: EntityReader.Row?, backwards: Bool) -> String? {
                guard let row else { return nil }
                return EntityCursor(filter: cursor.filter, order: cursor.order, fullText: cursor.fullText,
                                    position: row.position, backwards: backwards,
                                    totalItems: total).encoded
            }
            // Going forwards, more rows mean a next page; a position or skipped rows mean there was a previous one.
            let hasNext = cursor.backwards ? cursor.position != nil || offset > 0 : page.hasMore
            let hasPrevious = cursor.backwards ? page.hasMore : cursor.position != nil || offset > 0
            var pageInfo: [String] = []
            if hasNext, let next = cursorText(at: page.rows.last, backwards: false) { pageInfo.append("\"nextCursor\":\"\(next)\"") }
            if hasPrevious, let previous = cursorText(at: page.rows.first, backwards: true) { pageInfo.append("\"prevCursor\":\"\(previous)\"") }
            let body = "{\"items\":\(JSONText.array(page.rows.map(\.json))),\"totalItems\":\(total),\"pageInfo\":{\(pageInfo.joined(separator: ","))}}"
            return CatalogJSON.response(body)
        }

        routes.post("/api/catalog/entities/by-refs", .tenant(.catalogRead), bodyLimit: 8 << 20) { request, context in
            let body = try await request.decodeJSON(ByRefsRequest.self, context: context)
            guard body.entityRefs.count <= 10_000 else {
                throw PorticoError.validation("At most 10000 entityRefs per request.", field: "entityRefs")
            }
            // A ref holding U+0000 names nothing that can exist: its item is null, as for any unknown ref.
            let keys: [String?] = body.entityRefs.map { $0.utf8.contains(0) ? nil : try? EntityRef(parsing: $0).key }
            let fields = try body.fields.map { try FieldSelection(parameters: $0) } ?? request.uri.queryParameters.catalogFields()
            let found = try await service.read(try context.tenantContext()) { reader in
                try await reader.byRefs(keys.compactMap { $0 }, fields: fields)
            }
            let items = keys.map { key in key.flatMap { found[$0] } ?? "null" }
            return CatalogJSON.response("{\"items\":\(JSONText.array(items))}")
        }

        routes.get("/api/catalog/entities/by-name/{kind}/{namespace}/{name}", .tenant(.catalogRead)) { _, context in
            let key = try Self.ref(context).key
            let found = try await service.read(try context.tenantContext()) { reader in try await reader.byRefs([key], fields: nil) }
            guard let json = found[key] else { throw CatalogError.notFound("No entity named \(try Self.ref(context)).") }
            return CatalogJSON.response(json)
        }

        routes.get("/api/catalog/entities/by-name/{kind}/{namespace}/{name}/ancestry", .tenant(.catalogRead)) { _, context in
            let ref = try Self.ref(context)
            let ancestry = try await service.read(try context.tenantContext()) { reader in try await reader.ancestry(of: ref.key) }
            guard let ancestry, let root = ancestry.first else { throw CatalogError.notFound("No entity named \(ref).") }
            let items = ancestry.map { item in
                "{\"entity\":\(item.json),\"parentEntityRefs\":\(JSONText.array(item.parentRef.map { [CatalogJSON.string($0)] } ?? []))}"
            }
            return CatalogJSON.response("{\"rootEntityRef\":\(CatalogJSON.string(root.ref)),\"items\":\(JSONText.array(items))}")
        }

        routes.get("/api/catalog/entities/by-uid/{uid}", .tenant(.catalogRead)) { _, context in
            let uid = try Self.uid(context)
            guard let json = try await service.read(try context.tenantContext(), { reader in try await reader.byUID(uid) }) else {
                throw CatalogError.notFound("No entity with uid \(uid.uuidString.lowercased()).")
            }
            return CatalogJSON.response(json)
        }

        routes.delete("/api/catalog/entities/by-uid/{uid}", .tenant(.catalogWrite)) { _, context in
            let uid = try Self.uid(context)
            guard try await service.delete(uid: uid, tenant: try context.tenantContext()) else {
                throw CatalogError.notFound("No entity with uid \(uid.uuidString.lowercased()).")
            }
            return .noContent()
        }

        routes.get("/api/catalog/entity-facets", .tenant(.catalogRead)) { request, context in
            let query = request.uri.queryParameters
            let given = query.getAll("facet")
            let facets = given.filter { !$0.isEmpty }
            guard !facets.isEmpty else { throw PorticoError.invalidRequest("Give at least one 'facet'.", field: "facet") }
            guard given.count <= 20, facets.allSatisfy({ $0.count <= 200 }) else {
                throw PorticoError.invalidRequest("At most 20 facets of up to 200 characters.", field: "facet")
            }
            let filter = try query.catalogFilter()
            let counts = try await service.read(try context.tenantContext()) { reader in try await reader.facets(facets, filter: filter) }
            let object = facets.map { facet in
                let values = (counts[facet] ?? []).map { "{\"value\":\(CatalogJSON.string($0.value)),\"count\":\($0.count)}" }
                return "\(CatalogJSON.string(facet)):\(JSONText.array(values))"
            }
            return CatalogJSON.response("{\"facets\":{\(object.joined(separator: ","))}}")
        }

        routes.post("/api/catalog/validate-entity", .tenant(.catalogRead)) { request, context in
            func invalid(_ messages: [String]) throws -> Response {
                let errors = messages.map { ["name": "InputError", "message": $0] }
                return CatalogJSON.response(try CatalogJSON.encode(["errors": errors]), status: .badRequest)
            }
            // Backstage answers a body it cannot use like an invalid entity: 400 with `errors`.
            let body: ValidateEntityRequest
            do { body = try await request.decodeJSON(ValidateEntityRequest.self, context: context) } catch let error as PorticoError
                where error.status == 400 || error.status == 422 {
                return try invalid([error.detail])
            }
            guard let entity = body.entity, body.problems.isEmpty else { return try invalid(body.problems) }
            var report = IngestionReport()
            _ = await CatalogService.process([entity], report: &report)
            guard report.errors.isEmpty else { return try invalid(report.errors.map { "\($0.field) \($0.message)" }) }
            return CatalogJSON.response("{}")
        }
    }

    private func addProviderRoutes(to routes: GatewayRouter) {
        routes.put("/api/catalog/providers/{provider}/entities", .tenant(.catalogWrite), bodyLimit: Self.pushBodyLimit) { request, context in
            let provider = try Self.provider(context)
            let body = try await request.decodeJSON(ProviderEntitiesRequest.self, context: context)
            let report = try await service.apply(.replace(body.entities), source: .provider(provider), tenant: try context.tenantContext())
            return CatalogJSON.response(try CatalogJSON.encode(report))
        }
        routes.post("/api/catalog/providers/{provider}/delta", .tenant(.catalogWrite), bodyLimit: Self.pushBodyLimit) { request, context in
            let provider = try Self.provider(context)
            let body = try await request.decodeJSON(ProviderDeltaRequest.self, context: context)
            let report = try await service.apply(
                .delta(added: body.added ?? [], removed: body.removed ?? []), source: .provider(provider), tenant: try context.tenantContext())
            return CatalogJSON.response(try CatalogJSON.encode(report))
        }
    }

    /// The older `GET /entities`: offset and limit, or the `after` cursor named by the `Link`
    /// header of a full page (a keyset position, so pages stay whole while entities change).
    private func listEntities(_ request: Request, context: PorticoRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let fields = try query.catalogFields()
        let offset = try query.integer("offset", default: 0, range: 0...Self.maximumOffset) ?? 0
        let limit = try query.integer("limit", default: nil, range: 0...Self.maximumPageSize)
        let cursor: EntityCursor
        if let after = query.get("after") {
            guard offset == 0 else { throw PorticoError.invalidRequest("Use either 'after' or 'offset', not both.", field: "offset") }
            cursor = try EntityCursor(encoded: after, field: "after")
        } else {
            let order = try EntitySort(parameters: query.getAll("order"), field: "order", parse: Self.legacyOrder)
            cursor = EntityCursor(filter: try query.catalogFilter(), order: order, fullText: nil, position: nil, backwards: false)
        }
        let tenant = try context.tenantContext()
        let page = try await service.read(tenant) { reader in
            try await reader.page(filter: cursor.filter, fullText: nil, order: cursor.order, fields: fields,
                                  after: cursor.position, backwards: false, limit: limit ?? Self.streamChunkSize, offset: offset, countTotal: false)
        }
        if limit == nil {
            return streamEveryEntity(startingWith: page, cursor: cursor, fields: fields, tenant: tenant)
        }
        var response = CatalogJSON.response(JSONText.array(page.rows.map(\.json)))
        if page.hasMore, let last = page.rows.last {
            let next = EntityCursor(filter: cursor.filter, order: cursor.order, fullText: nil,
                                    position: last.position, backwards: false)
            var parameters = ["after=\(next.encoded)"]
            if let limit { parameters.append("limit=\(limit)") }
            for field in query.getAll("fields") { parameters.append("fields=\(Self.queryEscaped(field))") }
            response.headers[HTTPField.Name("Link")!] = "</api/catalog/entities?\(parameters.joined(separator: "&"))>; rel=\"next\""
        }
        return response
    }

    /// Without `limit` Backstage's clients expect every match in one array and follow no cursor.
    /// The array is streamed in keyset chunks, each read in its own short transaction, so memory
    /// stays at one chunk and no connection is held while the client reads.
    private func streamEveryEntity(
        startingWith first: (rows: [EntityReader.Row], hasMore: Bool, total: Int?), cursor: EntityCursor,
        fields: FieldSelection?, tenant: TenantContext
    ) -> Response {
        guard first.hasMore else { return CatalogJSON.response(JSONText.array(first.rows.map(\.json))) }
        let service = self.service
        let firstChunk = first.rows.map(\.json).joined(separator: ",")
        let firstPosition = first.rows.last?.position
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "[" + firstChunk))
            var next = firstPosition
            while let after = next {
                let page = try await service.read(tenant) { reader in
                    try await reader.page(filter: cursor.filter, fullText: nil, order: cursor.order, fields: fields,
                                          after: after, backwards: false, limit: Self.streamChunkSize, countTotal: false)
                }
                if !page.rows.isEmpty { try await writer.write(ByteBuffer(string: "," + page.rows.map(\.json).joined(separator: ","))) }
                next = page.hasMore ? page.rows.last?.position : nil
            }
            try await writer.write(ByteBuffer(string: "]"))
            try await writer.finish(nil)
        })
    }

    static func queryEscaped(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~,"))) ?? ""
    }

    /// Backstage's older `order=asc:metadata.name`.
    static func legacyOrder(_ raw: String) throws -> EntityOrder {
        let parts = raw.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == "asc" || parts[0] == "desc" else {
            throw PorticoError.invalidRequest("'order' must be like asc:metadata.name.", field: "order")
        }
        return EntityOrder(field: parts[1].lowercased(), descending: parts[0] == "desc")
    }

    // MARK: - Path parameters

    static func ref(_ context: PorticoRequestContext) throws -> EntityRef {
        guard let kind = context.parameters.get("kind"), let namespace = context.parameters.get("namespace"),
              let name = context.parameters.get("name"),
              let kindText = kind.removingPercentEncoding, let namespaceText = namespace.removingPercentEncoding,
              let nameText = name.removingPercentEncoding
        else { throw CatalogError.notFound("No such entity.") }
        return EntityRef(kind: kindText, namespace: namespaceText, name: nameText)
    }

    static func uid(_ context: PorticoRequestContext) throws -> UUID {
        guard let raw = context.parameters.get("uid"), let uid = UUID(uuidString: raw) else {
            throw CatalogError.notFound("No entity with this uid.")
        }
        return uid
    }

    static func provider(_ context: PorticoRequestContext) throws -> String {
        guard let name = context.parameters.get("provider"), (1...63).contains(name.count),
              name.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || $0 == 46 })
        else {
            throw PorticoError.validation("The provider name must be 1-63 characters of a-z, 0-9, '-', '_' and '.'.", field: "provider")
        }
        return name
    }
}

struct ByRefsRequest: Decodable {
    let entityRefs: [String]
    let fields: [String]?
}

struct ValidateEntityRequest: Decodable {
    let entity: JSONValue?
    let location: String?

    /// What is refused before the entity is validated: a missing field, or a location ref other
    /// than `url:<target>` (the only type Backstage validates against).
    var problems: [String] {
        var problems = entity == nil ? ["entity is required"] : []
        guard let location else { return problems + ["location is required"] }
        if !location.hasPrefix("url:") || location.count == "url:".count {
            problems.append("location must be a ref like url:https://host/path, not '\(location.prefix(200))'")
        }
        return problems
    }
}

struct ProviderEntitiesRequest: Decodable {
    let entities: [JSONValue]
}

struct ProviderDeltaRequest: Decodable {
    let added: [JSONValue]?
    let removed: [String]?
}

extension CatalogError {
    static func notFound(_ detail: String) -> PorticoError {
        PorticoError(status: 404, code: "entity_not_found", title: "Not found", detail: detail)
    }
}

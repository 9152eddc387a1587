import Foundation
import HTTPTypes
import Hummingbird
import PorticoCore
import PorticoGateway

/// `/api/insights`: events in, reports out (JSON, or CSV with `?format=csv`), the tenant's
/// Insights settings, and erasure of one user.
struct InsightsController: Sendable {
    static let eventsBodyLimit = 1 << 20
    static let maximumTopLimit = 100

    let ingestion: EventIngestion
    let reports: InsightsReports
    let settings: InsightsSettingsStore
    let erasure: UserErasure

    func addRoutes(to routes: GatewayRouter) {
        let entitlement = InsightsModule.entitlement
        routes.post("/api/insights/events", .tenant(.insightsWrite, entitlement: entitlement), bodyLimit: Self.eventsBodyLimit) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.collectJSONBody(context: context)
            let batch = try body.withUnsafeReadableBytes { bytes throws(PorticoError) in try EventBatch(json: bytes) }
            return try .json(try await ingestion.ingest(batch, for: tenant))
        }
        routes.get("/api/insights/active-users", .tenant(.insightsRead, entitlement: entitlement)) { request, context in
            let query = request.uri.queryParameters
            let range = try ReportRange(query, today: UTCDay(Date()))
            let report = try await reports.activeUsers(
                for: try context.tenantContext().id, range: range, grouping: try ReportGrouping(query, range: range), group: query.get("group"))
            return try Self.respond(report, name: "active-users", query: query)
        }
        routes.get("/api/insights/top", .tenant(.insightsRead, entitlement: entitlement)) { request, context in
            let query = request.uri.queryParameters
            let range = try ReportRange(query, today: UTCDay(Date()))
            guard let name = query.get("dimension"), let dimension = InsightsDimension.named(name) else {
                throw PorticoError.invalidRequest(
                    "'dimension' must be one of \(InsightsDimension.ranked.compactMap(\.name).joined(separator: ", ")).", field: "dimension")
            }
            let limit = try query.integer("limit", default: 10, range: 1...Self.maximumTopLimit) ?? 10
            let kind = try query.get("kind").map(Self.kind)
            let report = try await reports.top(
                for: try context.tenantContext().id, dimension: dimension, range: range, limit: limit, kind: kind, group: query.get("group"))
            return try Self.respond(report, name: "top-\(name)", query: query)
        }
        routes.get("/api/insights/teams", .tenant(.insightsRead, entitlement: entitlement)) { request, context in
            let query = request.uri.queryParameters
            let range = try ReportRange(query, today: UTCDay(Date()))
            let report = try await reports.teams(for: try context.tenantContext().id, range: range)
            return try Self.respond(report, name: "teams", query: query)
        }
        routes.get("/api/insights/retention", .tenant(.insightsRead, entitlement: entitlement)) { request, context in
            let query = request.uri.queryParameters
            let range = try ReportRange(query, today: UTCDay(Date()))
            let report = try await reports.retention(for: try context.tenantContext().id, range: range, group: query.get("group"))
            return try Self.respond(report, name: "retention", query: query)
        }
        routes.get("/api/insights/settings", .tenant(.insightsRead, entitlement: entitlement)) { _, context in
            try .json(try await settings.settings(for: try context.tenantContext().id).view)
        }
        routes.put("/api/insights/settings", .tenant(.tenantAdmin, entitlement: entitlement)) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(SettingsRequest.self, context: context)
            let current = try await settings.settings(for: tenant.id)
            let updated = try await settings.update(tenant.id, to: try body.applied(to: current.view))
            return try .json(updated.view)
        }
        routes.delete("/api/insights/users/{userRef}", .tenant(.tenantAdmin, entitlement: entitlement)) { _, context in
            let tenant = try context.tenantContext()
            let raw = context.parameters.get("userRef") ?? ""
            let ref = (raw.removingPercentEncoding ?? raw).lowercased()
            guard EventValidator.isEntityRef(ref), ref.count <= 255, !ref.utf8.contains(0) else {
                throw PorticoError.invalidRequest("The path must end with a user entity ref such as user:default/ana (URL-encoded).", field: "userRef")
            }
            let userKeys = try await settings.settings(for: tenant.id).allUserKeys(for: ref)
            return try .json(try await erasure.erase(userRef: ref, userKeys: userKeys, for: tenant.id), status: .accepted)
        }
    }

    /// A kind as catalog refs spell it: letters, digits and dashes.
    private static func kind(_ text: String) throws -> String {
        guard !text.isEmpty, text.count <= 63, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw PorticoError.invalidRequest("'kind' must be an entity kind such as 'component'.", field: "kind")
        }
        return text.lowercased()
    }

    private static func respond<Report: Encodable & CSVExportable>(_ report: Report, name: String, query: Parameters) throws -> Response {
        switch query.get("format") {
        case nil, "json":
            return try .json(report)
        case "csv":
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"insights-\(name).csv\""],
                body: .init(byteBuffer: ByteBuffer(string: report.csv.text)))
        default:
            throw PorticoError.invalidRequest("'format' must be json or csv.", field: "format")
        }
    }
}

/// `PUT /api/insights/settings`: any of the settings; those left out keep their value, and
/// `licensedSeats: null` clears the seats.
struct SettingsRequest: Decodable {
    static let retentionMonths = 1...120
    static let licensedSeats = 1...10_000_000

    let keepUserRefs: Bool?
    let retentionMonths: Int?
    let licensedSeats: Int?
    let clearsLicensedSeats: Bool

    private enum CodingKeys: String, CodingKey, CaseIterable { case keepUserRefs, retentionMonths, licensedSeats }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.keepUserRefs, .retentionMonths] where try container.contains(key) && container.decodeNil(forKey: key) {
            throw PorticoError.validation("'\(key.rawValue)' cannot be null; leave it out to keep it.", field: key.rawValue)
        }
        keepUserRefs = try container.decodeIfPresent(Bool.self, forKey: .keepUserRefs)
        retentionMonths = try container.decodeIfPresent(Int.self, forKey: .retentionMonths)
        licensedSeats = try container.decodeIfPresent(Int.self, forKey: .licensedSeats)
        clearsLicensedSeats = container.contains(.licensedSeats) && licensedSeats == nil
    }

    func applied(to current: InsightsSettingsView) throws -> InsightsSettingsView {
        if let months = retentionMonths, !Self.retentionMonths.contains(months) {
            throw PorticoError.validation("'retentionMonths' must be from 1 to 120.", field: "retentionMonths")
        }
        if let seats = licensedSeats, !Self.licensedSeats.contains(seats) {
            throw PorticoError.validation("'licensedSeats' must be from 1 to 10,000,000, or null for none.", field: "licensedSeats")
        }
        return InsightsSettingsView(
            keepUserRefs: keepUserRefs ?? current.keepUserRefs,
            retentionMonths: retentionMonths ?? current.retentionMonths,
            licensedSeats: clearsLicensedSeats ? nil : (licensedSeats ?? current.licensedSeats))
    }
}

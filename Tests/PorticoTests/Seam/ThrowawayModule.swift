import Foundation
import Hummingbird
import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// A module that exists only in the tests, written against the seam alone: a setting, a control
/// and a tenant migration (written by the test), a route behind an entitlement, a job, usage and a
/// tenant-deletion step.
struct ThrowawayModule: PorticoModule {
    static let id = "throwaway"
    static let gadgets = Entitlement("throwaway-gadgets")
    static let widgetsMeter = Meter("throwaway.widgets")
    static let stamp = JobKind<StampPayload>("throwaway.stamp", maxAttempts: 3, deadline: .seconds(30))

    struct Settings: Sendable {
        let greeting: String
        let maximumNameLength: Int
    }

    struct StampPayload: TenantScopedPayload {
        let tenantID: TenantID
        let widget: String
    }

    static let settings: [SettingDescription] = [
        .init(key: "greeting", defaultValue: "hello", meaning: "what the widgets route answers with"),
        .init(key: "maximumNameLength", defaultValue: "20", meaning: "longest widget name (1-100)"),
    ]

    static func readSettings(_ reader: SettingsReader) -> Settings {
        Settings(
            greeting: reader.parse("greeting", placeholder: "") { raw in
                guard !raw.isEmpty else { throw SettingsReader.Problem("must not be empty") }
                return raw
            },
            maximumNameLength: reader.integer("maximumNameLength", in: 1...100))
    }

    static let planTerms = PlanTerms(entitlements: [gadgets: ["enterprise"]])
    static let meters = [widgetsMeter]
    static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/api/throwaway/"])

    /// The control table the module's own control migration made remembers the tenants it was
    /// told to forget.
    static func deleteTenantData(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute(
            "INSERT INTO control.throwaway_forgotten (tenant_id, at) VALUES (\(tenant.uuid), \(Date()))", logger: logger)
    }

    let database: Database
    let queue: JobQueue
    let usage: any UsageRecorder
    let settings: Settings

    init(context: ModuleContext<Settings>) {
        self.database = context.database
        self.queue = context.queue
        self.usage = context.usage
        self.settings = context.settings
    }

    struct WidgetRequest: Decodable {
        let name: String
    }

    func addRoutes(to routes: GatewayRouter) {
        routes.post("/api/throwaway/widgets", .tenant(.catalogWrite, entitlement: Self.gadgets)) { request, context in
            let tenant = try context.tenantContext()
            let body = try await request.decodeJSON(WidgetRequest.self, context: context)
            guard body.name.count <= settings.maximumNameLength else {
                throw PorticoError.validation("The name is too long.", field: "name")
            }
            try await database.withTenantTransaction(tenant.id) { connection in
                try await connection.execute(
                    "INSERT INTO widgets (name, stamped) VALUES (\(body.name), false)", logger: database.logger)
            }
            try await usage.record([UsageRecord(
                tenant: tenant.id, meter: Self.widgetsMeter, quantity: 1, idempotencyKey: "widget:\(body.name)", occurredAt: Date())])
            _ = try await queue.enqueue(Self.stamp, StampPayload(tenantID: tenant.id, widget: body.name))
            return try Response.json(["greeting": settings.greeting], status: .created)
        }
    }

    func registerJobs(in jobs: inout JobRegistry) {
        jobs.register(Self.stamp) { payload, _ in
            try await database.withTenantTransaction(payload.tenantID) { connection in
                try await connection.execute(
                    "UPDATE widgets SET stamped = true WHERE name = \(payload.widget)", logger: database.logger)
            }
        }
    }
}

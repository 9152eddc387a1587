import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Billing as a module of the seam: the usage every module reports, priced by versioned plans,
/// turned into one invoice per tenant and period exactly once, announced by signed webhooks.
public struct BillingModule: PorticoModule {
    public static let id = "billing"
    public typealias Settings = BillingSettings

    public static let settings = BillingSettings.descriptions
    public static func readSettings(_ reader: SettingsReader) -> BillingSettings { BillingSettings.read(reader) }

    public static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/v1/billing/", "/admin/v1/billing/"])
    public static let openAPI = OpenAPIFragment(owner: id, parts: [WebhookOpenAPI.paths, WebhookOpenAPI.components])

    let database: Database
    let queue: JobQueue
    let moduleSettings: BillingSettings
    let outbound: any OutboundHTTP

    public init(context: ModuleContext<BillingSettings>) {
        database = context.database
        queue = context.queue
        moduleSettings = context.settings
        outbound = context.outbound
    }

    public func addRoutes(to routes: GatewayRouter) {
        WebhookController(database: database).addRoutes(to: routes)
    }

    public func registerJobs(in jobs: inout JobRegistry) {
        WebhookJobs.register(in: &jobs, dispatcher: WebhookDispatcher(
            database: database, outbound: outbound, attemptTimeout: moduleSettings.webhookDeliveryTimeout))
    }
}
